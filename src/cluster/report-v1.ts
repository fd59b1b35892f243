// The v1 report, solved by the v1 rules: what `verify` needs to re-solve a bundle built before report v2.
import type { Outcome } from '../diagnostics/diagnostic.js'
import type { ClusterConfig, FabricSpec, NodeSpec, PowerCappingSpec } from './cluster-config.js'
import type { LimitedBy, SizingStatus } from './cluster-report.js'
import { studyPowerCapping, type PowerCappingResult } from './power-capping.js'
import { toWatts } from './power.js'
import { largestNodes, solveStatus } from './size-cluster.js'
import { sizingModel, stateAt, type SizingModel } from './sizing-model.js'

export const REPORT_V1_SCHEMA_VERSION = 'mwpack.cluster_report/v1'

/** The config a v1 report echoes: the v1 keys only. */
export interface ClusterConfigV1 {
  it_cap_mw: number
  min_nodes: number
  other_it_w: number
  node: Omit<NodeSpec, 'provisioned_w'>
  fabric: Omit<FabricSpec, 'planes'>
  power_capping?: PowerCappingSpec
}

/** cluster_report.json as the v1 model wrote it; new builds write v2 (cluster-report.ts). */
export interface ClusterReportV1 {
  schema_version: typeof REPORT_V1_SCHEMA_VERSION
  feasible: true
  status: SizingStatus
  limited_by: Exclude<LimitedBy, 'space'>
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
  inputs: ClusterConfigV1
}

/**
 * Solves a v1 config by the v1 rules, which v2 corrects in two places: cores
 * as ceil(U2 / core.ports) rather than by core groups, and `limited_by`
 * `power` whenever one more node would exceed the cap, even when it could not
 * be wired either. Everything else is the same model. `config` must use only
 * v1 keys (the caller checks the stored report's inputs).
 */
export function sizeClusterV1(config: ClusterConfig & { it_cap_mw: number }): Outcome<ClusterReportV1> {
  const model = sizingModel(config, 'v1')
  const nodes = largestNodes(model)
  const { shape, power } = stateAt(model, nodes)
  const study = config.power_capping ? studyPowerCapping(config, nodes, 'v1') : undefined
  if (study && !study.ok) return study
  const { fabric, node } = config
  const gpus = nodes * node.gpus_per_node
  const report: ClusterReportV1 = {
    schema_version: REPORT_V1_SCHEMA_VERSION,
    feasible: true,
    status: solveStatus(nodes, config),
    limited_by: limitedByV1(model, nodes),
    it_cap_w: toWatts(model.budget.itCap),
    nodes,
    gpus,
    gpus_per_mw: gpus / config.it_cap_mw,
    tiers: shape.tiers,
    leaves: shape.leaves,
    spines: shape.spines,
    cores: shape.cores,
    host_ports: shape.hostPorts,
    uplinks_total: shape.uplinks,
    spine_uplinks_total: shape.spineUplinks,
    oversubscription_ratio: shape.tiers < 2 ? null : (shape.hostPorts * fabric.host_link_gbps) / (shape.uplinks * fabric.uplink_gbps),
    leaf_oversubscription_ratio: (fabric.leaf_host_ports * fabric.host_link_gbps) / (fabric.leaf_uplink_ports * fabric.uplink_gbps),
    p_node_w: toWatts(model.nodeMw),
    p_node_total_w: toWatts(power.nodes),
    p_switching_w: toWatts(power.switching),
    p_optics_w: toWatts(power.optics),
    p_other_it_w: toWatts(power.otherIt),
    p_total_w: toWatts(power.total),
    headroom_w: toWatts(model.budget.usable - power.total),
    ...(study && { power_capping: study.value }),
    inputs: v1Inputs(config),
  }
  return { ok: true, value: report, diagnostics: [] }
}

/** v1's rule: `power` when N+1 nodes would exceed the cap, else `fabric`. */
function limitedByV1(model: SizingModel, nodes: number): 'power' | 'fabric' {
  if (nodes + 1 > Number(model.budget.usable / model.nodeMw)) return 'power'
  return stateAt(model, nodes + 1).power.total > model.budget.usable ? 'power' : 'fabric'
}

function v1Inputs(config: ClusterConfig & { it_cap_mw: number }): ClusterConfigV1 {
  const { provisioned_w, ...node } = config.node
  const { planes, ...fabric } = config.fabric
  return {
    it_cap_mw: config.it_cap_mw,
    min_nodes: config.min_nodes,
    other_it_w: config.other_it_w,
    node,
    fabric,
    ...(config.power_capping && { power_capping: config.power_capping }),
  }
}
