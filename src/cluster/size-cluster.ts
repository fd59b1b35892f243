// Solves the sizing model v1 and builds cluster_report.json.
import type { Outcome } from '../diagnostics/diagnostic.js'
import type { ClusterConfig } from './cluster-schema.js'
import { fabricShape, type FabricShape } from './fabric-shape.js'
import { largestFitting } from './largest-fitting.js'
import { capMilliwatts, clusterPower, nodePowerMw, toWatts, type Milliwatts, type PowerBreakdown } from './power.js'
import { studyPowerCapping, type PowerCappingResult } from './power-capping.js'

export const REPORT_SCHEMA_VERSION = 'mwpack.cluster_report/v1'

export type SizingStatus = 'ok' | 'below_min_nodes' | 'no_feasible_nonzero'
export type LimitedBy = 'power' | 'fabric'

/** cluster_report.json (spec/model.md, "Output"); the key order here is the order on disk. */
export interface ClusterReport {
  schema_version: typeof REPORT_SCHEMA_VERSION
  feasible: true
  status: SizingStatus
  limited_by: LimitedBy
  it_cap_w: number
  nodes: number
  gpus: number
  gpus_per_mw: number
  tiers: 0 | 1 | 2 | 3
  leaves: number
  spines: number
  cores: number
  host_ports: number
  uplinks_total: number
  spine_uplinks_total: number
  oversubscription_ratio: number | null
  leaf_oversubscription_ratio: number
  p_node_w: number
  p_node_total_w: number
  p_switching_w: number
  p_optics_w: number
  p_other_it_w: number
  p_total_w: number
  headroom_w: number
  power_capping?: PowerCappingResult
  inputs: ClusterConfig
}

/** Can `n` nodes be built and powered under the cap? Monotone in n: true up to the answer, false after. */
export function fits(n: number, config: ClusterConfig, capMw: Milliwatts = capMilliwatts(config), nodeMw: Milliwatts = nodePowerMw(config.node)): boolean {
  const shape = fabricShape(n, config)
  return shape.buildable && clusterPower(n, shape, config, nodeMw).total <= capMw
}

/**
 * Solves the sizing model: the most nodes whose fabric can be built and whose
 * total IT power stays within the cap (INV-001, INV-004), never an infeasible
 * count; zero nodes is a valid answer (INV-006). Fails only when a
 * power_capping study is too large to run (MWP_CONFIG_SCALE, with the path of
 * the key to change).
 */
export function sizeCluster(config: ClusterConfig): Outcome<ClusterReport> {
  const capMw = capMilliwatts(config)
  const nodeMw = nodePowerMw(config.node)
  // Nodes alone bound the answer; the validator guarantees this is at most LIMITS.nodes.
  const hi = Number(capMw / nodeMw)
  const nodes = largestFitting(hi, (n) => fits(n, config, capMw, nodeMw))
  const shape = fabricShape(nodes, config)
  const power = clusterPower(nodes, shape, config, nodeMw)

  const report: ClusterReport = {
    schema_version: REPORT_SCHEMA_VERSION,
    feasible: true,
    status: nodes === 0 ? 'no_feasible_nonzero' : nodes < config.min_nodes ? 'below_min_nodes' : 'ok',
    limited_by: limitedBy(nodes, hi, config, capMw, nodeMw),
    it_cap_w: toWatts(capMw),
    nodes,
    gpus: nodes * config.node.gpus_per_node,
    gpus_per_mw: (nodes * config.node.gpus_per_node) / config.it_cap_mw,
    tiers: shape.tiers,
    leaves: shape.leaves,
    spines: shape.spines,
    cores: shape.cores,
    host_ports: shape.hostPorts,
    uplinks_total: shape.uplinks,
    spine_uplinks_total: shape.spineUplinks,
    oversubscription_ratio: oversubscription(shape, config),
    leaf_oversubscription_ratio: (config.fabric.leaf_host_ports * config.fabric.host_link_gbps) / (config.fabric.leaf_uplink_ports * config.fabric.uplink_gbps),
    p_node_w: toWatts(nodeMw),
    ...powerKeys(power),
    headroom_w: toWatts(capMw - power.total),
    inputs: config,
  }
  if (config.power_capping) {
    const study = studyPowerCapping(config, nodes)
    if (!study.ok) return study
    const { inputs, ...rest } = report
    return { ok: true, value: { ...rest, power_capping: study.value, inputs }, diagnostics: [] }
  }
  return { ok: true, value: report, diagnostics: [] }
}

function powerKeys(power: PowerBreakdown) {
  return {
    p_node_total_w: toWatts(power.nodes),
    p_switching_w: toWatts(power.switching),
    p_optics_w: toWatts(power.optics),
    p_other_it_w: toWatts(power.otherIt),
    p_total_w: toWatts(power.total),
  }
}

/** (H * host_link_gbps) / (U * uplink_gbps); undefined (null) without a second tier. */
function oversubscription(shape: FabricShape, config: ClusterConfig): number | null {
  if (shape.tiers < 2) return null
  return (shape.hostPorts * config.fabric.host_link_gbps) / (shape.uplinks * config.fabric.uplink_gbps)
}

/**
 * Why not one more node: `power` when N+1 nodes would exceed the cap, else
 * `fabric` (N+1 cannot be wired). When N+1 can neither be wired nor powered,
 * power is the answer: a bigger fabric would not help.
 */
function limitedBy(nodes: number, hi: number, config: ClusterConfig, capMw: Milliwatts, nodeMw: Milliwatts): LimitedBy {
  if (nodes + 1 > hi) return 'power'
  const next = fabricShape(nodes + 1, config)
  return clusterPower(nodes + 1, next, config, nodeMw).total > capMw ? 'power' : 'fabric'
}
