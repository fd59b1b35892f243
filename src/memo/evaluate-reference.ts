// Evaluates one reference against the report: a key and its format, or a table.
import type { ClusterReport } from '../cluster/size-cluster.js'
import { memoSweep, type CapSweepPoint } from '../cluster/cap-sweep.js'
import type { Outcome } from '../diagnostics/diagnostic.js'
import { didYouMean } from '../diagnostics/did-you-mean.js'
import { CAPPING_DERIVED, derivedQuantities } from './derived-quantities.js'
import type { Reference } from './find-references.js'
import { FORMATS, formatValue, type ValueFormat } from './format-value.js'
import { TABLES, renderTable } from './report-tables.js'

/** The Markdown a reference becomes, or a sentence saying why it cannot be resolved (and how to fix it). */
export type Evaluated = { ok: true; text: string } | { ok: false; error: string; hint?: string }

/** Evaluates a reference; `standsAlone` is true when it is a paragraph of its own (where a table may go). */
export type ReferenceEvaluator = (ref: Reference, standsAlone: boolean) => Evaluated

const NAME = /^[A-Za-z_]\w*(?:\.\w+)*$/
const FORMAT = /^([a-z]+)(?::(\d{1,2}))?$/

/**
 * An evaluator over one report: the report's keys, `derived.*` figures and
 * the memo sweep's points (`sweep.N.*`). The sweep (eight more sizings) is
 * computed only if the memo cites it, and once for both its table and its
 * points. Points of a sweep that cannot run are empty; the table says why.
 */
export function referenceEvaluator(report: ClusterReport): ReferenceEvaluator {
  const scope = { ...report, derived: derivedQuantities(report) }
  let swept: Outcome<CapSweepPoint[]> | undefined
  const sweep = () => (swept ??= memoSweep(report.inputs))
  const sweepPoints = (): CapSweepPoint[] => {
    const outcome = sweep()
    return outcome.ok ? outcome.value : []
  }
  Object.defineProperty(scope, 'sweep', { enumerable: true, get: sweepPoints })
  return (ref, standsAlone) => evaluate(ref, report, scope, sweep, standsAlone)
}

function evaluate(ref: Reference, report: ClusterReport, scope: object, sweep: () => Outcome<CapSweepPoint[]>, standsAlone: boolean): Evaluated {
  const [left = '', right] = ref.inner.split('|').map((part) => part.trim())
  const [name = '', ...args] = left.split(/\s+/)
  if (!NAME.test(name)) return { ok: false, error: 'expected a report key, like {{ nodes }} or {{ p_total_w | mw }}' }

  if (name === 'table') {
    const which = args[0]
    if (args.length !== 1 || right !== undefined)
      return { ok: false, error: `write a table as {{ table NAME }} with NAME one of ${Object.keys(TABLES).join(', ')}` }
    if (!(which! in TABLES)) return { ok: false, error: `unknown table "${which}"`, hint: `tables: ${Object.keys(TABLES).join(', ')}` }
    if (!standsAlone) return { ok: false, error: 'a table must stand alone in its own paragraph', hint: 'put a blank line before and after it' }
    const table = renderTable(which!, report, sweep)
    return table.ok ? { ok: true, text: table.text } : { ok: false, error: table.error }
  }
  if (args.length > 0) return { ok: false, error: `unexpected "${args.join(' ')}" after the key` }

  let format: ValueFormat | undefined
  if (right !== undefined) {
    const match = FORMAT.exec(right)
    if (!match || !(match[1]! in FORMATS)) {
      const suggestion = didYouMean(right, Object.keys(FORMATS))
      return {
        ok: false,
        error: `unknown format "${right}"`,
        hint: suggestion ? `did you mean "${suggestion}"?` : `formats: ${Object.keys(FORMATS).join(', ')}`,
      }
    }
    format = match[2] === undefined ? { name: match[1]! } : { name: match[1]!, digits: Number(match[2]) }
  }

  const lookup = lookUp(scope, name)
  if (!lookup.found) {
    const needsCapping =
      !report.power_capping && (name.startsWith('power_capping') || (name.startsWith('derived.') && name.slice('derived.'.length) in CAPPING_DERIVED))
    const hint = needsCapping ? 'add a power_capping block to the cluster config' : lookup.suggestion ? `did you mean "${lookup.suggestion}"?` : undefined
    return { ok: false, error: `the report has no "${name}"`, ...(hint ? { hint } : {}) }
  }
  const formatted = formatValue(lookup.value, format)
  if (!formatted.ok) return formatted
  return { ok: true, text: typeof lookup.value === 'string' && !format ? escapeMarkdown(formatted.text) : formatted.text }
}

/** A dotted path into the report: `nodes`, `inputs.node.gpu_w`, `power_capping.frontier.0.nodes`, `derived.power_per_gpu_w`. */
function lookUp(report: object, name: string): { found: true; value: unknown } | { found: false; suggestion?: string } {
  let value: unknown = report
  const segments = name.split('.')
  for (let i = 0; i < segments.length; i++) {
    const key = segments[i]!
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) {
      const siblings = typeof value === 'object' && value !== null ? Object.keys(value) : []
      const near = didYouMean(key, siblings)
      const prefix = segments.slice(0, i).join('.')
      return near ? { found: false, suggestion: prefix ? `${prefix}.${near}` : near } : { found: false }
    }
    value = (value as Record<string, unknown>)[key]
  }
  return { found: true, value }
}

/** Text from the config (node and switch names) must not become Markdown: punctuation that could start syntax is escaped. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>&#!|~]/g, (c) => `\\${c}`)
}
