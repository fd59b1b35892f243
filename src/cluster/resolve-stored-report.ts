// Re-solves a stored cluster_report.json (v1 or v2) from its own inputs, for `verify`.
import { error, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.js'
import { REPORT_SCHEMA_VERSION } from './cluster-report.js'
import { REPORT_V1_SCHEMA_VERSION, sizeClusterV1 } from './report-v1.js'
import { sizeAtNodes } from './size-at-nodes.js'
import { sizeCluster } from './size-cluster.js'
import { validateClusterConfig } from './validate-cluster-config.js'

/**
 * The report the model gives today for a stored report's `inputs`, in the
 * stored report's version: a v2 report is solved again (or, when it records a
 * fixed node count, with `limited_by` null, evaluated at that count); a v1
 * report by the v1 rules, so an untouched bundle built before report v2 still
 * verifies. The caller compares bytes.
 *
 * `where` names the stored report in diagnostics. Fails with the validation
 * diagnostics of the inputs (their positions are in the inputs re-written as
 * JSON), with MWP_REPORT_MISMATCH for a report that names no known version or
 * has no inputs, or with the model's own diagnostics.
 */
export function resolveStoredReport(stored: unknown, where: string): Outcome<object> {
  const fail = (message: string): Outcome<object> => ({ ok: false, diagnostics: [error('MWP_REPORT_MISMATCH', `${where} ${message}`, { file: where })] })
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return fail('is not a JSON object')
  const report = stored as Record<string, unknown>
  const version = report.schema_version
  if (version !== REPORT_SCHEMA_VERSION && version !== REPORT_V1_SCHEMA_VERSION)
    return fail(`has schema_version ${JSON.stringify(version)}; mwpack re-solves ${REPORT_SCHEMA_VERSION} and ${REPORT_V1_SCHEMA_VERSION}`)
  if (report.inputs === undefined) return fail('has no inputs to re-solve from')

  const validated = validateClusterConfig(JSON.stringify(report.inputs, null, 2), `${where} inputs`)
  if (!validated.ok) return validated
  const config = validated.value.config
  if (version === REPORT_V1_SCHEMA_VERSION) {
    if (config.it_cap_mw === undefined) return fail('is a v1 report whose inputs have no it_cap_mw')
    return dropWarnings(sizeClusterV1(config))
  }
  if (report.limited_by === null) {
    const nodes = report.nodes
    if (typeof nodes !== 'number') return fail('records a fixed node count but no nodes')
    return dropWarnings(sizeAtNodes(config, nodes))
  }
  return dropWarnings(sizeCluster(config))
}

/** Sizing warnings (nothing fits, below min_nodes) were the build's to give; re-solving only compares. */
function dropWarnings<T>(outcome: Outcome<T>): Outcome<T> {
  const errors: Diagnostic[] = outcome.diagnostics.filter((d) => d.severity === 'error')
  return outcome.ok ? { ...outcome, diagnostics: errors } : outcome
}
