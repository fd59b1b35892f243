// Exact power sums in milliwatts: node, switching, optics, other IT.
import type { ClusterConfig, NodeSpec } from './cluster-schema.js'
import type { FabricShape } from './fabric-shape.js'

/**
 * Power arithmetic in whole milliwatts, as BigInt.
 *
 * spec/model.md rounds the cap to the nearest milliwatt; mwpack rounds every
 * input wattage the same way and then adds and compares exactly. Summing
 * floats instead (8.5 W optics times thousands of ports, 0.1 W parts) leaves
 * noise that can flip "p_total_w <= it_cap_w" at the boundary, and a sizing
 * tool must never say a cluster fits when it misses by a rounding error.
 */

export type Milliwatts = bigint

export function toMilliwatts(watts: number): Milliwatts {
  return BigInt(Math.round(watts * 1000))
}

/** Back to watts for the report; exact below 2^53 mW (about 9 GW), far above any bound we accept. */
export function toWatts(mw: Milliwatts): number {
  return Number(mw) / 1000
}

/** The IT cap in milliwatts: `it_cap_mw * 1e6`, rounded to the nearest milliwatt. */
export function capMilliwatts(config: Pick<ClusterConfig, 'it_cap_mw'>): Milliwatts {
  return toMilliwatts(config.it_cap_mw * 1e6)
}

type NodeWatts = Pick<NodeSpec, 'gpus_per_node' | 'gpu_w' | 'cpu_w' | 'dram_w' | 'nvme_w' | 'nic_w' | 'node_aux_w' | 'nics_per_node'>

/** p_node = gpus_per_node*gpu_w + cpu_w + dram_w + nvme_w + nics_per_node*nic_w + node_aux_w */
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

/** GPU watts of one node: the part that power capping scales. */
export function nodeGpuPowerMw(node: NodeWatts): Milliwatts {
  return BigInt(node.gpus_per_node) * toMilliwatts(node.gpu_w)
}

export interface PowerBreakdown {
  nodes: Milliwatts
  switching: Milliwatts
  optics: Milliwatts
  otherIt: Milliwatts
  total: Milliwatts
}

/**
 * The power of `n` nodes on the given fabric, term by term (spec/model.md, "Power").
 * `nodeMw` is passed in so a capped node (power-capping study) reuses the same sum.
 */
export function clusterPower(n: number, shape: FabricShape, config: ClusterConfig, nodeMw: Milliwatts = nodePowerMw(config.node)): PowerBreakdown {
  const f = config.fabric
  const nodes = BigInt(n) * nodeMw
  const switching =
    BigInt(shape.leaves) * toMilliwatts(f.leaf.w) + BigInt(shape.spines) * toMilliwatts(f.spine.w) + BigInt(shape.cores) * toMilliwatts(f.core.w)
  // Host links: optics at the node end (often 0: the node's rating includes them) and at the
  // leaf port. Switch-to-switch links: one module at each end. Each watt counted once.
  const optics =
    BigInt(shape.hostPorts) * (toMilliwatts(f.host_link_node_end_w) + toMilliwatts(f.optic_w_per_link_end)) +
    BigInt(shape.uplinks + shape.spineUplinks) * 2n * toMilliwatts(f.optic_w_per_link_end)
  const otherIt = n > 0 ? toMilliwatts(config.other_it_w) : 0n
  return { nodes, switching, optics, otherIt, total: nodes + switching + optics + otherIt }
}
