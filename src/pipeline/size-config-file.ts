// cluster.json bytes to a validated, sized report with its warnings.
import { warning, type Diagnostic } from '../diagnostics/diagnostic.js'
import { sizeCluster, type ClusterReport } from '../cluster/size-cluster.js'
import { validateClusterConfig, type ValidatedConfig } from '../cluster/validate-cluster-config.js'
import { decodeText } from '../memo/decode-text.js'
import type { SourceFile } from './prepare-memo.js'

export type SizedConfig = { ok: true; text: string; report: ClusterReport; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] }

/**
 * cluster.json bytes to a sizing report: decode, validate, solve, and warn
 * about answers a reader should not miss. Shared by `build`, `validate`,
 * `size` and the bundler plugin.
 */
export function sizeConfigFile(source: SourceFile): SizedConfig {
  const decoded = decodeText(source.bytes, source.file, { what: 'cluster config' })
  if (!decoded.ok) return decoded
  // JSON has no BOM; tolerate one an editor added, as a space so columns stay put.
  const validated = validateClusterConfig(decoded.value.replace(/^\uFEFF/, ' '), source.file)
  if (!validated.ok) return validated
  const sized = sizeCluster(validated.value.config)
  // The model names the key it could not work with, or warns about; place it in the file.
  const positionOf = validated.value.positionOf
  const placed = sized.diagnostics.map((d) => ({ ...d, file: source.file, position: d.position ?? (d.path ? positionOf(d.path.split('.')) : undefined) }))
  if (!sized.ok) return { ok: false, diagnostics: placed }
  const report = sized.value
  return { ok: true, text: decoded.value, report, diagnostics: [...validated.diagnostics, ...placed, ...sizingWarnings(report, validated.value, source.file)] }
}

/** A valid answer that a reader should not miss: nothing fits, or less than the smallest useful cluster. */
function sizingWarnings(report: ClusterReport, validated: ValidatedConfig, file: string): Diagnostic[] {
  if (report.status === 'no_feasible_nonzero') {
    return [
      warning(
        'MWP_NO_FEASIBLE_NODES',
        `no node fits under it_cap_mw = ${report.inputs.it_cap_mw} (limited by ${report.limited_by}); the report says nodes = 0`,
        {
          file,
          path: 'it_cap_mw',
          position: validated.positionOf(['it_cap_mw']),
        },
      ),
    ]
  }
  if (report.status === 'below_min_nodes') {
    return [
      warning('MWP_BELOW_MIN_NODES', `${report.nodes} nodes fit (limited by ${report.limited_by}), below min_nodes = ${report.inputs.min_nodes}`, {
        file,
        path: 'min_nodes',
        position: validated.positionOf(['min_nodes']),
      }),
    ]
  }
  return []
}
