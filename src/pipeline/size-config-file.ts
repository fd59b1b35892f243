// cluster.json bytes to a validated, sized report with its warnings, each placed in the file.
import type { Outcome } from '../diagnostics/diagnostic.js'
import type { ClusterReport, NodeCountReport } from '../cluster/cluster-report.js'
import { sizeAtNodes } from '../cluster/size-at-nodes.js'
import { sizeCluster } from '../cluster/size-cluster.js'
import { validateClusterConfig, type ValidatedConfig } from '../cluster/validate-cluster-config.js'
import { decodeText } from '../memo/decode-text.js'
import type { SourceFile } from './prepare-memo.js'

/** A sized config: its text (for the manifest's hash) and its report, with the warnings that did not stop it. */
export type SizedConfig = Outcome<{ text: string; report: ClusterReport }>

/**
 * cluster.json bytes to a sizing report: decode, validate, solve, and the
 * model's warnings about answers a reader should not miss (nothing fits,
 * below min_nodes, provisioned power above the nameplate), placed at the key
 * each is about. Shared by `build`, `validate`, `size` and the bundler plugin.
 */
export function sizeConfigFile(source: SourceFile): SizedConfig {
  const read = readConfigFile(source)
  if (!read.ok) return read
  const { text, validated } = read.value
  const sized = placed(sizeCluster(validated.config), source.file, validated)
  if (!sized.ok) return sized
  return { ok: true, value: { text, report: sized.value }, diagnostics: [...read.diagnostics, ...sized.diagnostics] }
}

/** The report for exactly `nodes` nodes of the config (`mwpack size --nodes N`); see sizeAtNodes. */
export function sizeConfigFileAtNodes(source: SourceFile, nodes: number): Outcome<{ text: string; report: NodeCountReport }> {
  const read = readConfigFile(source)
  if (!read.ok) return read
  const { text, validated } = read.value
  const sized = placed(sizeAtNodes(validated.config, nodes), source.file, validated)
  if (!sized.ok) return sized
  return { ok: true, value: { text, report: sized.value }, diagnostics: [...read.diagnostics, ...sized.diagnostics] }
}

function readConfigFile(source: SourceFile): Outcome<{ text: string; validated: ValidatedConfig }> {
  const decoded = decodeText(source.bytes, source.file, { what: 'cluster config' })
  if (!decoded.ok) return decoded
  // A BOM an editor added is tolerated by the JSON reader, and counts as no column.
  const validated = validateClusterConfig(decoded.value, source.file)
  if (!validated.ok) return validated
  return { ok: true, value: { text: decoded.value, validated: validated.value }, diagnostics: validated.diagnostics }
}

/** The model names the key it warns about or could not work with; put the diagnostic at that key of the file. */
function placed<T>(outcome: Outcome<T>, file: string, validated: ValidatedConfig): Outcome<T> {
  const diagnostics = outcome.diagnostics.map((d) => ({
    ...d,
    file: d.file ?? file,
    ...(d.path !== undefined && !d.position && { position: validated.positionOf(d.path.split('.')) }),
  }))
  return { ...outcome, diagnostics }
}
