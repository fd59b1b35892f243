// Solves the sizing model: the most nodes that fit, why not more, and the report v2.
import { warning, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.js'
import { assembleReport } from './assemble-report.js'
import type { ClusterConfig } from './cluster-config.js'
import type { ClusterReport, LimitedBy, SizingStatus } from './cluster-report.js'
import { fabricShape } from './fabric-shape.js'
import { largestFitting } from './largest-fitting.js'
import { studyPowerCapping } from './power-capping.js'
import { kilowattsToMilliwatts } from './power.js'
import { fits, fitsFloor, sizingModel, stateAt, type SizingModel } from './sizing-model.js'

export {
  REPORT_SCHEMA_VERSION,
  type ClusterReport,
  type NodeCountReport,
  type AnyClusterReport,
  type SizingStatus,
  type NodeCountStatus,
  type LimitedBy,
} from './cluster-report.js'

/**
 * Solves the sizing model (docs/model.md, "Solving"): the most nodes, a
 * multiple of the rack step when whole racks are required, that fit the
 * floor, can be wired, and draw at most the usable cap (INV-001, INV-004);
 * zero nodes is a valid answer (INV-006).
 *
 * The diagnostics are warnings a reader should not miss, each with the path
 * of the key it is about (the caller places it in the file): nothing fits,
 * fewer than min_nodes fit, provisioned_w above the nameplate. It fails only
 * when a power_capping study is too large to run (MWP_CONFIG_SCALE at
 * `power_capping.min_fraction`).
 */
export function sizeCluster(config: ClusterConfig): Outcome<ClusterReport> {
  const model = sizingModel(config)
  const nodes = largestNodes(model)
  const study = config.power_capping ? studyPowerCapping(config, nodes) : undefined
  if (study && !study.ok) return study
  const status = solveStatus(nodes, config)
  const report = assembleReport(model, nodes, stateAt(model, nodes), {
    feasible: true,
    status,
    limited_by: limitedBy(model, nodes),
    nodes_at_nameplate: nodesAtNameplate(config),
    power_capping: study?.value ?? null,
  }) as ClusterReport
  return { ok: true, value: report, diagnostics: sizingWarnings(report, model) }
}

/** The largest feasible multiple of the step, by binary search over N / step: every term is monotone in N. */
export function largestNodes(model: SizingModel): number {
  // Nodes alone bound the answer; the schema's scale rule keeps this at most LIMITS.nodes.
  const hi = Number(model.budget.usable / model.nodeMw)
  return largestFitting(Math.floor(hi / model.step), (k) => fits(model, k * model.step)) * model.step
}

export function solveStatus(nodes: number, config: Pick<ClusterConfig, 'min_nodes'>): SizingStatus {
  return nodes === 0 ? 'no_feasible_nonzero' : nodes < config.min_nodes ? 'below_min_nodes' : 'ok'
}

/**
 * Why not one more step of nodes (`next = nodes + step`): `space` when next
 * would need more racks than the floor holds; else `fabric` when next cannot
 * be wired, whatever it would draw (an unbuildable fabric has no defined
 * power); else `power`.
 */
export function limitedBy(model: SizingModel, nodes: number): LimitedBy {
  const next = nodes + model.step
  if (!fitsFloor(model, next)) return 'space'
  if (!fabricShape(next, model.config, model.rules).buildable) return 'fabric'
  return 'power'
}

/**
 * The answer for the same config budgeted at the nameplate (provisioned_w
 * removed), so a memo can show both; null without provisioned_w, and when a
 * full rack at nameplate would break max_rack_kw (that config is not valid).
 */
function nodesAtNameplate(config: ClusterConfig): number | null {
  if (config.node.provisioned_w === undefined) return null
  const { provisioned_w, ...node } = config.node
  const { power_capping, ...rest } = config
  const nameplate = sizingModel({ ...rest, node } as ClusterConfig)
  const rack = config.rack
  if (rack?.max_rack_kw !== undefined) {
    const full = BigInt(rack.nodes_per_rack) * nameplate.nodeMw + nameplate.costs.rack
    if (full > kilowattsToMilliwatts(rack.max_rack_kw)) return null
  }
  return largestNodes(nameplate)
}

function sizingWarnings(report: ClusterReport, model: SizingModel): Diagnostic[] {
  const config = model.config
  const out: Diagnostic[] = []
  if (model.nodeMw > model.nameplateMw) {
    out.push(
      warning(
        'MWP_PROVISIONED_ABOVE_NAMEPLATE',
        `node.provisioned_w = ${config.node.provisioned_w} is above the node's nameplate, ${report.p_node_nameplate_w} W; the budget per node is meant to be a measured peak, at most the rating`,
        { path: 'node.provisioned_w', hint: 'check the measurement, or the parts that make up the nameplate' },
      ),
    )
  }
  const source = config.it_cap_mw !== undefined ? `it_cap_mw = ${config.it_cap_mw}` : `facility.grid_mw = ${config.facility.grid_mw}`
  const sourcePath = config.it_cap_mw !== undefined ? 'it_cap_mw' : 'facility.grid_mw'
  if (report.status === 'no_feasible_nonzero') {
    out.push(
      warning('MWP_NO_FEASIBLE_NODES', `no node fits under ${source} (limited by ${report.limited_by}); the report says nodes = 0`, { path: sourcePath }),
    )
  } else if (report.status === 'below_min_nodes') {
    out.push(
      warning('MWP_BELOW_MIN_NODES', `${report.nodes} nodes fit (limited by ${report.limited_by}), below min_nodes = ${config.min_nodes}`, {
        path: 'min_nodes',
      }),
    )
  }
  return out
}
