// Evaluates exactly N nodes instead of inverting the cap: how a planner checks a vendor's reference design.
import { error, type Outcome } from '../diagnostics/diagnostic.js'
import { assembleReport } from './assemble-report.js'
import type { ClusterConfig } from './cluster-config.js'
import type { NodeCountReport, NodeCountStatus } from './cluster-report.js'
import { LIMITS } from './config-limits.js'
import { fitsFloor, sizingModel, stateAt, type NodeCountState, type SizingModel } from './sizing-model.js'

/**
 * The report for exactly `nodes` nodes (docs/model.md, "A fixed node count"):
 * status `ok`, `over_cap`, `unbuildable` or `not_whole_racks` (the first that
 * applies, in the order not_whole_racks, unbuildable, over_cap), `feasible`
 * false for the last three, `limited_by`, `nodes_at_nameplate` and
 * `power_capping` null, and an unbuildable fabric's counts and power null.
 *
 * Fails (MWP_ARG_INVALID, no path: the caller names its flag or argument)
 * when `nodes` is not a whole number from 0 to LIMITS.nodes, or when that
 * many nodes would draw more watts than the report can state exactly.
 */
export function sizeAtNodes(config: ClusterConfig, nodes: number): Outcome<NodeCountReport> {
  if (!Number.isSafeInteger(nodes) || nodes < 0 || nodes > LIMITS.nodes) {
    return { ok: false, diagnostics: [error('MWP_ARG_INVALID', `nodes must be a whole number from 0 to ${LIMITS.nodes}, found ${nodes}`)] }
  }
  const model = sizingModel(config)
  const state = stateAt(model, nodes)
  if (state.power.total > BigInt(Number.MAX_SAFE_INTEGER)) {
    return {
      ok: false,
      diagnostics: [
        error('MWP_ARG_INVALID', `${nodes} nodes would draw more than ${Math.floor(Number.MAX_SAFE_INTEGER / 1e15)} TW, past what a report states exactly`, {
          hint: 'check the node count: it is far beyond any cap mwpack sizes',
        }),
      ],
    }
  }
  const status = nodeCountStatus(model, nodes, state)
  return {
    ok: true,
    value: assembleReport(model, nodes, state, {
      feasible: status === 'ok',
      status,
      limited_by: null,
      nodes_at_nameplate: null,
      power_capping: null,
    }) as NodeCountReport,
    diagnostics: [],
  }
}

function nodeCountStatus(model: SizingModel, nodes: number, state: NodeCountState): NodeCountStatus {
  if (nodes % model.step !== 0) return 'not_whole_racks'
  if (!fitsFloor(model, nodes) || !state.shape.buildable) return 'unbuildable'
  return state.power.total > model.budget.usable ? 'over_cap' : 'ok'
}
