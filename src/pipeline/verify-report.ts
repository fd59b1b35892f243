// Re-solves a bundle's cluster_report.json (v1 or v2) from its own inputs, and says where it differs, at the report's own lines.
import { resolveStoredReport } from '../cluster/resolve-stored-report.js'
import { error, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js'
import { parseLocatedJson, type LocatedJson, type PathItem } from '../json/parse-located-json.js'
import { toStableJson } from '../json/stable-json.js'
import { decodeText } from '../memo/decode-text.js'

/**
 * The problems with a stored report, as diagnostics placed in the report
 * itself (`file` names it, e.g. `bundle.zip:cluster_report.json`), or none
 * when a fresh solve of its `inputs` gives it byte for byte. The report is
 * decoded and parsed as strictly as a config; when its inputs no longer
 * validate, a MWP_REPORT_MISMATCH is followed by each of the validator's
 * diagnostics, moved to the line and column of the key inside `inputs`.
 */
export function checkReport(bytes: Uint8Array, file: string): Diagnostic[] {
  const text = decodeText(bytes, file, { what: 'report' })
  if (!text.ok) return text.diagnostics
  const parsed = parseLocatedJson(text.value, file)
  if (!parsed.ok) return parsed.diagnostics
  if (hasErrors(parsed.diagnostics)) return parsed.diagnostics
  const { json } = parsed

  const solved = resolveStoredReport(json.value, file)
  if (!solved.ok) {
    const inputs = `${file} inputs`
    const causes = solved.diagnostics.map((d) => (d.file === inputs ? inReport(d, json, file) : d))
    if (causes.every((d) => d.code === 'MWP_REPORT_MISMATCH')) return causes
    return [
      error('MWP_REPORT_MISMATCH', 'the report cannot be re-solved: its inputs no longer validate', {
        file,
        position: json.locate(['inputs']),
        path: 'inputs',
      }),
      ...causes,
    ]
  }
  if (toStableJson(solved.value) === text.value) return []

  const stored = json.value as Record<string, unknown>
  const fresh = solved.value as Record<string, unknown>
  for (const key of new Set([...Object.keys(fresh), ...Object.keys(stored)])) {
    if (JSON.stringify(stored[key]) !== JSON.stringify(fresh[key])) {
      return [
        error('MWP_REPORT_MISMATCH', `${key} is ${shown(stored[key])}, the model gives ${shown(fresh[key])} for the report's own inputs`, {
          file,
          position: json.locateKey([key]),
          path: key,
        }),
      ]
    }
  }
  return [error('MWP_REPORT_MISMATCH', 'the report does not match a fresh solve of its inputs byte for byte (key order or formatting differs)', { file })]
}

/** A validator diagnostic about the inputs re-written as JSON, moved to the same key inside the report's `inputs`. */
function inReport(d: Diagnostic, json: LocatedJson, file: string): Diagnostic {
  const path = ['inputs', ...parsePath(d.path ?? '')]
  return { ...d, file, position: json.locate(path), path: d.path ? `inputs.${d.path}`.replace('.[', '[') : 'inputs' }
}

/** `fabric.leaf.ports` and `power_capping.curve[2][0]` back to their items. */
function parsePath(path: string): PathItem[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!))
}

/** A value for a message: its JSON, cut short when long (a frontier has a thousand points). */
function shown(value: unknown): string {
  const text = value === undefined ? 'missing' : JSON.stringify(value)
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}
