// The rules of cluster.json that span keys: the cap source, leaf ports (INV-002), planes, rack power, the unit-slip bound, the capping curve.
import type { CapSource, FacilitySpec } from './cluster-config.js'
import { groupThousands } from '../group-thousands.js'
import { LIMITS } from './config-limits.js'
import { ONE, decimalRatio, floor, mul, sub, type Ratio } from './exact-ratio.js'
import { powerBudget } from './power-budget.js'
import { kilowattsToMilliwatts, nodeGpuPowerMw, nodePowerMw, provisionedNodeMw, toMilliwatts } from './power.js'
import { crossFieldRule, listRule, type Finding } from './rule-actions.js'

/**
 * Each rule reads plain validated values (valibot runs it only once the keys
 * it reads passed their own type and range checks) and is attached to the
 * object that holds those keys in cluster-schema.ts.
 */

interface FabricPorts {
  leaf: { ports: number }
  leaf_host_ports: number
  leaf_uplink_ports: number
}

/** INV-002: a leaf cannot give more ports to hosts and uplinks than it has. */
export const leafPortsRule = crossFieldRule<FabricPorts>({
  code: 'MWP_CONFIG_LEAF_PORTS',
  reads: [['leaf', 'ports'], ['leaf_host_ports'], ['leaf_uplink_ports']],
  at: ['leaf_host_ports'],
  holds: (f) => f.leaf_host_ports + f.leaf_uplink_ports <= f.leaf.ports,
  message: (f) => `fabric.leaf_host_ports + fabric.leaf_uplink_ports = ${f.leaf_host_ports + f.leaf_uplink_ports} exceeds fabric.leaf.ports = ${f.leaf.ports}`,
  hint: () => 'split the leaf ports between hosts and uplinks (INV-002)',
})

/** The keys of a node that make up its power. */
const NODE_POWER = ['gpus_per_node', 'gpu_w', 'cpu_w', 'dram_w', 'nvme_w', 'nic_w', 'node_aux_w', 'nics_per_node', 'provisioned_w'] as const
const NODE_READS = NODE_POWER.map((key) => ['node', key] as const)

type NodePower = Parameters<typeof provisionedNodeMw>[0]

interface Budgeted {
  it_cap_mw?: number
  facility?: FacilitySpec
  margin_fraction: number
  node: NodePower
}

/** Neither it_cap_mw nor a facility block: nothing to size against. */
export const capSourceNeitherRule = crossFieldRule<Budgeted>({
  code: 'MWP_CONFIG_CAP_SOURCE',
  reads: [['it_cap_mw'], ['facility']],
  at: ['it_cap_mw'],
  holds: (c) => c.it_cap_mw !== undefined || c.facility !== undefined,
  message: () => 'the config has neither it_cap_mw nor a facility block; give one of them',
  hint: () => 'write "it_cap_mw": 5 (the IT power cap), or "facility": { "grid_mw": 6.25, "peak_pue": 1.25 } (the grid connection)',
})

/** Both it_cap_mw and a facility block: two caps that would disagree. */
export const capSourceBothRule = crossFieldRule<Budgeted>({
  code: 'MWP_CONFIG_CAP_SOURCE',
  reads: [['it_cap_mw'], ['facility']],
  at: ['facility'],
  holds: (c) => c.it_cap_mw === undefined || c.facility === undefined,
  message: (c) =>
    `the config has both it_cap_mw (${c.it_cap_mw} MW) and a facility block (grid_mw ${c.facility!.grid_mw}, peak_pue ${c.facility!.peak_pue}); give one of them`,
  hint: () => 'keep facility to size from the grid connection (it_cap_w = grid_w / peak_pue), or it_cap_mw to size from the IT cap',
})

/**
 * A budget that fits more than LIMITS.nodes nodes is almost surely a unit
 * slip, and past it the node counts of the exact arithmetic would stop being
 * exact. Measured with the smaller of the budgeted and the nameplate node
 * power, since the report also sizes at the nameplate.
 */
function scaleFor(source: 'it_cap_mw' | 'facility') {
  const at = source === 'it_cap_mw' ? (['it_cap_mw'] as const) : (['facility', 'grid_mw'] as const)
  const nodePower = (c: Budgeted) => {
    const provisioned = provisionedNodeMw(c.node)
    const nameplate = nodePowerMw(c.node)
    return provisioned < nameplate ? provisioned : nameplate
  }
  return crossFieldRule<Budgeted>({
    code: 'MWP_CONFIG_SCALE',
    reads: [['it_cap_mw'], ['facility'], ['margin_fraction'], ...NODE_READS],
    at,
    holds: (c) => (source === 'it_cap_mw' ? c.it_cap_mw === undefined : c.facility === undefined) || budgetOf(c).usable / nodePower(c) <= BigInt(LIMITS.nodes),
    message: (c) =>
      `${source === 'it_cap_mw' ? `it_cap_mw = ${c.it_cap_mw}` : `facility.grid_mw = ${c.facility!.grid_mw}`} fits more than ${LIMITS.nodes} nodes of ${wattsOf(nodePower(c))} W each`,
    hint: () => 'node watts are in watts and the cap in megawatts; check the units',
  })
}

function budgetOf(c: Budgeted) {
  return powerBudget(c as Budgeted & CapSource)
}

export const scaleRules = [scaleFor('it_cap_mw'), scaleFor('facility')] as const

interface Racked {
  node: NodePower
  rack?: { nodes_per_rack: number; rack_w: number; max_rack_kw?: number }
}

/** A full rack (nodes_per_rack nodes and rack_w) must fit the hall's per-rack limit; says how many nodes do. */
export const rackPowerRule = crossFieldRule<Racked>({
  code: 'MWP_CONFIG_RACK_POWER',
  reads: [['rack'], ...NODE_READS],
  at: ['rack', 'nodes_per_rack'],
  holds: (c) => c.rack?.max_rack_kw === undefined || fullRack(c) <= kilowattsToMilliwatts(c.rack.max_rack_kw),
  message: (c) => {
    const rack = c.rack!
    const fit = nodesThatFitRack(c)
    return `a full rack of ${rack.nodes_per_rack} nodes draws ${wattsOf(fullRack(c))} W (${rack.nodes_per_rack} x ${wattsOf(provisionedNodeMw(c.node))} W + rack_w ${groupThousands(String(rack.rack_w))} W), above rack.max_rack_kw = ${rack.max_rack_kw} kW; ${fit} node${fit === 1 ? '' : 's'} fit a rack`
  },
  hint: (c) => {
    const fit = nodesThatFitRack(c)
    return fit === 0
      ? 'not even one node fits under max_rack_kw with rack_w: check the units (max_rack_kw is in kilowatts)'
      : `set nodes_per_rack to ${fit}, raise max_rack_kw, or budget nodes at measured power (node.provisioned_w)`
  },
})

function fullRack(c: Racked): bigint {
  return BigInt(c.rack!.nodes_per_rack) * provisionedNodeMw(c.node) + toMilliwatts(c.rack!.rack_w)
}

/** floor((max_rack_kw * 1000 - rack_w) / p_node), at least 0. */
function nodesThatFitRack(c: Racked): number {
  const room = kilowattsToMilliwatts(c.rack!.max_rack_kw!) - toMilliwatts(c.rack!.rack_w)
  return room <= 0n ? 0 : Number(room / provisionedNodeMw(c.node))
}

interface Planed {
  node: { nics_per_node: number; ports_per_nic_to_fabric: number }
  fabric: { planes: number }
}

/** A node's R fabric ports split evenly over the planes: planes must divide R. */
export const planesRule = crossFieldRule<Planed>({
  code: 'MWP_CONFIG_PLANES',
  reads: [
    ['node', 'nics_per_node'],
    ['node', 'ports_per_nic_to_fabric'],
    ['fabric', 'planes'],
  ],
  at: ['fabric', 'planes'],
  holds: (c) => rails(c) % c.fabric.planes === 0,
  message: (c) =>
    `fabric.planes = ${c.fabric.planes} does not divide the node's ${rails(c)} fabric ports (nics_per_node ${c.node.nics_per_node} x ports_per_nic_to_fabric ${c.node.ports_per_nic_to_fabric}); each plane takes an equal share`,
  hint: (c) => {
    const r = rails(c)
    const divisors = Array.from({ length: r }, (_, i) => i + 1).filter((d) => r % d === 0 && d <= LIMITS.planes)
    return `use one of ${divisors.join(', ')}`
  },
})

const rails = (c: Planed) => c.node.nics_per_node * c.node.ports_per_nic_to_fabric

interface CappedNode {
  node: NodePower
  power_capping?: { curve: Array<readonly [number, number]>; min_fraction?: number }
}

/**
 * Capping scales only GPU draw: p_node(f) = p_node - gpus_per_node * gpu_w * (1 - f)
 * must stay above zero at min_fraction, which only a provisioned_w below the
 * GPUs' own draw can break.
 */
export const cappedNodePowerRule = crossFieldRule<CappedNode>({
  code: 'MWP_CONFIG_CAPPED_NODE_POWER',
  reads: [['power_capping', 'curve', 0, 0], ['power_capping', 'min_fraction'], ...NODE_READS],
  at: ['node', 'provisioned_w'],
  holds: (c) => c.power_capping === undefined || cappedNode(c) > 0n,
  message: (c) => {
    const exact = cappedNodeExact(c)
    // Power is counted in whole milliwatts: a node left with a fraction of one draws nothing the model can count.
    const draw = exact.n > 0n ? 'less than 0.001 W, the smallest power mwpack counts' : `${wattsOf(cappedNode(c))} W`
    const budget =
      c.node.provisioned_w === undefined
        ? `its nameplate of ${wattsOf(provisionedNodeMw(c.node))} W (the node has no provisioned_w)`
        : `node.provisioned_w = ${c.node.provisioned_w}`
    const gpus = c.node.gpus_per_node === 1 ? 'its 1 GPU drops' : `its ${c.node.gpus_per_node} GPUs drop`
    return `at min_fraction ${minFraction(c)} a node would draw ${draw}: ${budget} leaves nothing once ${gpus} to ${minFraction(c)} of ${c.node.gpu_w} W`
  },
  hint: (c) =>
    c.node.provisioned_w === undefined
      ? 'raise node.gpu_w or another node part, or raise power_capping.min_fraction'
      : 'provisioned_w is the whole node at full GPU power, GPUs included: check it, or raise power_capping.min_fraction',
})

function minFraction(c: CappedNode): number {
  return c.power_capping!.min_fraction ?? c.power_capping!.curve[0]![0]
}

/** p_node(min_fraction) in milliwatts, exactly (f as the decimal written). */
function cappedNode(c: CappedNode): bigint {
  return floor(cappedNodeExact(c))
}

/** p_node(min_fraction) in milliwatts as an exact ratio, before the model rounds it down. */
function cappedNodeExact(c: CappedNode): Ratio {
  const f = decimalRatio(minFraction(c))
  const cut = mul({ n: nodeGpuPowerMw(c.node), d: 1n }, sub(ONE, f))
  return { n: provisionedNodeMw(c.node) * cut.d - cut.n, d: cut.d }
}

type Point = readonly [power: number, throughput: number]

/**
 * The capping curve must be usable as T(f) on [min_fraction, 1]: power
 * strictly increasing, throughput never falling (more power never costs
 * throughput; the optimizer relies on it), ending at [1, 1].
 */
export const curveOrderRule = listRule<Point>('MWP_CONFIG_CURVE', (points) => {
  const out: Finding[] = []
  for (let i = 1; i < points.length; i++) {
    const [[fa, ta], [fb, tb]] = [points[i - 1]!, points[i]!]
    if (fb <= fa) {
      out.push({
        at: [i, 0],
        message: `power_capping.curve[${i}]: power fraction ${fb} must be greater than the previous point's ${fa}`,
        hint: 'list the points from the lowest power to full power, each power once',
      })
    }
    if (tb < ta) {
      out.push({
        at: [i, 1],
        message: `power_capping.curve[${i}]: throughput fraction ${tb} is below the previous point's ${ta}; throughput must not fall as power rises`,
        hint: 'a measured dip is noise: use the running maximum, or measure again',
      })
    }
  }
  const [f, t] = points.at(-1)!
  if (f !== 1 || t !== 1) {
    out.push({
      at: [points.length - 1, f !== 1 ? 0 : 1],
      message: `the last power_capping.curve point must be [1, 1] (full power, full throughput), found [${f}, ${t}]`,
      hint: 'throughput fractions are relative to full power: end the curve with [1, 1]',
    })
  }
  return out
})

interface Capping {
  curve: Point[]
  min_fraction?: number
}

/** The curve must reach down to min_fraction: below its first point T is not measured. */
export const curveCoversMinRule = crossFieldRule<Capping>({
  code: 'MWP_CONFIG_CURVE',
  reads: [['curve', 0, 0], ['min_fraction']],
  at: ['min_fraction'],
  holds: (c) => c.min_fraction === undefined || c.curve[0]![0] <= c.min_fraction,
  message: (c) =>
    `power_capping.min_fraction = ${c.min_fraction} is below the curve's first power fraction ${c.curve[0]![0]}; the curve must cover [min_fraction, 1]`,
  hint: (c) => `measure a point at ${c.min_fraction}, or raise min_fraction to ${c.curve[0]![0]} (or leave it out: it defaults to the first point)`,
})

/** Milliwatts as exact watts with thousands separators, as the display module groups them: 130806000n -> `130,806`, 8500n -> `8.5`. */
function wattsOf(milliwatts: bigint): string {
  const size = milliwatts < 0n ? -milliwatts : milliwatts
  const fraction = String(size % 1000n)
    .padStart(3, '0')
    .replace(/0+$/, '')
  return groupThousands(`${milliwatts < 0n ? '-' : ''}${size / 1000n}${fraction ? `.${fraction}` : ''}`)
}
