// Re-solves a bundle's cluster_report.json (v1 or v2) from its own inputs, and says where it differs, at the report's own lines.
import { resolveStoredReport } from '../cluster/resolve-stored-report.js'
import { error, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js'
import { formatPath, parseLocatedJson, type LocatedJson, type PathItem } from '../json/parse-located-json.js'
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

  const difference = firstDifference(json.value, solved.value, [])
  if (difference) {
    const { path, stored, fresh, lengths } = difference
    const where = formatPath(path)
    const counts = lengths ? `; ${formatPath(lengths.path)} holds ${lengths.stored} items, the model gives ${lengths.fresh}` : ''
    return [
      error('MWP_REPORT_MISMATCH', `${where} is ${shown(stored)}, the model gives ${shown(fresh)} for the report's own inputs${counts}`, {
        file,
        position: json.locateKey(deepestPresent(json.value, path)),
        path: where,
      }),
    ]
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

interface Difference {
  path: PathItem[]
  stored: unknown
  fresh: unknown
  /** The first array on the way whose length differs: a dropped or added point shifts every item after it. */
  lengths?: { path: PathItem[]; stored: number; fresh: number }
}

/**
 * The first leaf where the stored report and a fresh solve differ, in the
 * fresh report's key order, so a message shows the two values that differ
 * rather than two long objects cut to the same prefix.
 */
function firstDifference(stored: unknown, fresh: unknown, path: PathItem[]): Difference | undefined {
  if (JSON.stringify(stored) === JSON.stringify(fresh)) return undefined
  if (Array.isArray(stored) && Array.isArray(fresh)) {
    const lengths = stored.length === fresh.length ? undefined : { path, stored: stored.length, fresh: fresh.length }
    for (let i = 0; i < Math.max(stored.length, fresh.length); i++) {
      const found = firstDifference(stored[i], fresh[i], [...path, i])
      if (found) return { ...found, lengths: found.lengths ?? lengths }
    }
    return undefined
  }
  if (isRecord(stored) && isRecord(fresh)) {
    for (const key of new Set([...Object.keys(fresh), ...Object.keys(stored)])) {
      const found = firstDifference(Object.hasOwn(stored, key) ? stored[key] : undefined, Object.hasOwn(fresh, key) ? fresh[key] : undefined, [...path, key])
      if (found) return found
    }
    // The same members in another order: the byte-for-byte message says so.
    return undefined
  }
  return { path, stored, fresh }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The longest start of `path` that the stored report holds, to place the message at it. */
function deepestPresent(value: unknown, path: readonly PathItem[]): PathItem[] {
  const present: PathItem[] = []
  for (const item of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, item)) break
    value = (value as Record<PathItem, unknown>)[item]
    present.push(item)
  }
  return present
}
