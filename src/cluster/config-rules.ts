// The rules of cluster.json that span keys: leaf ports (INV-002), the unit-slip bound, the capping curve.
import { crossFieldRule, listRule, type Finding } from './rule-actions.js'
import { LIMITS } from './config-limits.js'
import { nodePowerMw, toMilliwatts } from './power.js'

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

interface CapAndNode {
  it_cap_mw: number
  node: Parameters<typeof nodePowerMw>[0]
}

const NODE_WATTS = ['gpus_per_node', 'gpu_w', 'cpu_w', 'dram_w', 'nvme_w', 'nic_w', 'node_aux_w', 'nics_per_node'] as const

/**
 * A cap that fits more than LIMITS.nodes nodes is almost surely a unit slip,
 * and past it the node counts of the exact arithmetic would stop being exact.
 */
export const scaleRule = crossFieldRule<CapAndNode>({
  code: 'MWP_CONFIG_SCALE',
  reads: [['it_cap_mw'], ...NODE_WATTS.map((key) => ['node', key] as const)],
  at: ['it_cap_mw'],
  holds: (c) => toMilliwatts(c.it_cap_mw * 1e6) / nodePowerMw(c.node) <= BigInt(LIMITS.nodes),
  message: (c) => `it_cap_mw = ${c.it_cap_mw} fits more than ${LIMITS.nodes} nodes of ${Number(nodePowerMw(c.node)) / 1000} W each`,
  hint: () => 'node watts are in watts and the cap in megawatts; check the units',
})

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
