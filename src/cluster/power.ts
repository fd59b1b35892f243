// Exact power sums in milliwatts: node, switching, optics, racks, other IT.
import type { ClusterConfig, NodeSpec } from './cluster-config.js'
import { decimalRatio, mul, roundHalfUp } from './exact-ratio.js'
import type { FabricShape } from './fabric-shape.js'

/**
 * Power arithmetic in whole milliwatts, as BigInt.
 *
 * Every wattage is taken as the decimal written in the JSON and rounded to
 * the nearest milliwatt (halves up); then sums and comparisons are exact, and
 * every division rounds down (docs/model.md, "Exact arithmetic"). Summing
 * floats instead (8.5 W optics times thousands of ports, 0.1 W parts) leaves
 * noise that can flip "p_total_w <= cap" at the boundary, and a sizing tool
 * must never say a cluster fits when it misses by a rounding error.
 */
export type Milliwatts = bigint

const THOUSAND = { n: 1000n, d: 1n }

/** Watts as written to the nearest milliwatt: `8.5` -> 8500n, `1.0005` -> 1001n (the decimal, not the double below it). */
export function toMilliwatts(watts: number): Milliwatts {
  return roundHalfUp(mul(decimalRatio(watts), THOUSAND))
}

/** Kilowatts as written to the nearest milliwatt: `140` -> 140,000,000n. */
export function kilowattsToMilliwatts(kilowatts: number): Milliwatts {
  return roundHalfUp(mul(decimalRatio(kilowatts), { n: 1_000_000n, d: 1n }))
}

/** Megawatts as written to the nearest milliwatt: `5` -> 5,000,000,000n. */
export function megawattsToMilliwatts(megawatts: number): Milliwatts {
  return roundHalfUp(mul(decimalRatio(megawatts), { n: 1_000_000_000n, d: 1n }))
}

/** Back to watts for the report; exact below 2^53 mW (about 9 TW), far above any bound the schema accepts. */
export function toWatts(mw: Milliwatts): number {
  return Number(mw) / 1000
}

type NodeWatts = Pick<NodeSpec, 'gpus_per_node' | 'gpu_w' | 'cpu_w' | 'dram_w' | 'nvme_w' | 'nic_w' | 'node_aux_w' | 'nics_per_node'>

/** The nameplate (component sum): gpus_per_node*gpu_w + cpu_w + dram_w + nvme_w + nics_per_node*nic_w + node_aux_w. */
export function nodePowerMw(node: NodeWatts): Milliwatts {
  return (
    BigInt(node.gpus_per_node) * toMilliwatts(node.gpu_w) +
    toMilliwatts(node.cpu_w) +
    toMilliwatts(node.dram_w) +
    toMilliwatts(node.nvme_w) +
    BigInt(node.nics_per_node) * toMilliwatts(node.nic_w) +
    toMilliwatts(node.node_aux_w)
  )
}

/** The power budgeted per node: `provisioned_w` when given, else the nameplate. */
export function provisionedNodeMw(node: NodeWatts & Pick<NodeSpec, 'provisioned_w'>): Milliwatts {
  return node.provisioned_w === undefined ? nodePowerMw(node) : toMilliwatts(node.provisioned_w)
}

/** GPU watts of one node: the part that power capping scales. */
export function nodeGpuPowerMw(node: NodeWatts): Milliwatts {
  return BigInt(node.gpus_per_node) * toMilliwatts(node.gpu_w)
}

/** Every per-unit wattage of a config in milliwatts, converted once. */
export interface PowerCosts {
  leaf: Milliwatts
  spine: Milliwatts
  core: Milliwatts
  /** Optics of one host link: the node end and the leaf port. */
  hostLink: Milliwatts
  /** Optics of one switch-to-switch link: a module at each end. */
  switchLink: Milliwatts
  /** other_it_w, counted once any node is built. */
  otherFixed: Milliwatts
  otherPerNode: Milliwatts
  /** rack_w, per rack built (0 without a rack block). */
  rack: Milliwatts
}

export function powerCosts(config: ClusterConfig): PowerCosts {
  const f = config.fabric
  const optic = toMilliwatts(f.optic_w_per_link_end)
  return {
    leaf: toMilliwatts(f.leaf.w),
    spine: toMilliwatts(f.spine.w),
    core: toMilliwatts(f.core.w),
    hostLink: toMilliwatts(f.host_link_node_end_w) + optic,
    switchLink: 2n * optic,
    otherFixed: toMilliwatts(config.other_it_w),
    otherPerNode: toMilliwatts(config.other_it_per_node_w),
    rack: config.rack ? toMilliwatts(config.rack.rack_w) : 0n,
  }
}

export interface PowerBreakdown {
  nodes: Milliwatts
  switching: Milliwatts
  optics: Milliwatts
  racks: Milliwatts
  otherIt: Milliwatts
  total: Milliwatts
}

/**
 * The power of `n` nodes on the given fabric in `racks` racks, term by term
 * (docs/model.md, "Power"). `nodeMw` is passed in so a capped node (the
 * power-capping study) or no node at all (its fabric-and-overhead term)
 * reuses the same sum.
 */
export function clusterPower(n: number, shape: FabricShape, racks: number, costs: PowerCosts, nodeMw: Milliwatts): PowerBreakdown {
  const nodes = BigInt(n) * nodeMw
  const switching = BigInt(shape.leaves) * costs.leaf + BigInt(shape.spines) * costs.spine + BigInt(shape.cores) * costs.core
  // Each watt counted once: host links at both ends, switch-to-switch links a module per end.
  const optics = BigInt(shape.hostPorts) * costs.hostLink + BigInt(shape.uplinks + shape.spineUplinks) * costs.switchLink
  const rackPower = BigInt(racks) * costs.rack
  const otherIt = n > 0 ? costs.otherFixed + BigInt(n) * costs.otherPerNode : 0n
  return { nodes, switching, optics, racks: rackPower, otherIt, total: nodes + switching + optics + rackPower + otherIt }
}
