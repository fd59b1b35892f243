// Evaluates one reference against the report: a key and its format, or a table.
import type { ClusterReport } from '../cluster/cluster-report.js'
import { memoSweep, type CapSweepPoint } from '../cluster/cap-sweep.js'
import { error, type Outcome } from '../diagnostics/diagnostic.js'
import { didYouMean } from '../diagnostics/did-you-mean.js'
import { quantityAt, type Block, type Quantity } from '../format/units.js'
import { derivedQuantities } from './derived-quantities.js'
import { planeStudy, type PlanePoint } from './plane-study.js'
import type { Reference } from './find-references.js'
import { FORMATS, formatValue, formatsFitting, type ValueFormat } from './format-value.js'
import { TABLES, renderTable } from './report-tables.js'

/**
 * The Markdown a reference becomes, or diagnostics saying why it cannot be
 * resolved and how to fix it. They carry no place: the caller puts each at
 * the reference and prefixes the reference as written.
 */
export type Evaluated = Outcome<string>

/** Evaluates a reference; `standsAlone` is true when it is a paragraph of its own (where a table may go). */
export type ReferenceEvaluator = (ref: Reference, standsAlone: boolean) => Evaluated

const NAME = /^[A-Za-z_]\w*(?:\.\w+)*$/
const FORMAT = /^([A-Za-z]\w*)(?::(.*))?$/
const MAX_DECIMALS = 20

/** Evaluators of frozen reports (see `configSizings`): memos sharing a report share its studies and values. */
const sharedEvaluators = new WeakMap<ClusterReport, ReferenceEvaluator>()

/**
 * How much one evaluator remembers, in characters of values: a site's cited
 * figures and tables many times over, bounded however many spellings of a
 * reference (`table  sizing`, `table sizing`) a long dev session meets.
 */
const REMEMBERED_CHARS = 4 * 1024 * 1024

/**
 * An evaluator over one report: the report's keys, `derived.*` figures and
 * the memo sweep's points (`sweep.N.*`). The sweep (seven more sizings) is
 * computed only if the memo cites it, and once for both its table and its
 * points. Points of a sweep that cannot run are empty; the table says why.
 *
 * A reference's value depends only on the report, what the reference says and
 * whether it stands alone, so each is evaluated once per report. A frozen
 * report cannot change, so its evaluator is kept with it and every memo
 * sharing that report (through `configSizings`) reuses its sweep, plane study
 * and values.
 */
export function referenceEvaluator(report: ClusterReport): ReferenceEvaluator {
  if (!Object.isFrozen(report)) return rememberingEvaluator(report)
  let shared = sharedEvaluators.get(report)
  if (!shared) sharedEvaluators.set(report, (shared = rememberingEvaluator(report)))
  return shared
}

function rememberingEvaluator(report: ClusterReport): ReferenceEvaluator {
  const scope = { ...report, derived: derivedQuantities(report) }
  let swept: Outcome<CapSweepPoint[]> | undefined
  const sweep = () => (swept ??= memoSweep(report.inputs, report))
  const sweepPoints = (): CapSweepPoint[] => {
    const outcome = sweep()
    return outcome.ok ? outcome.value : []
  }
  Object.defineProperty(scope, 'sweep', { enumerable: true, get: sweepPoints })
  // The plane study (one sizing per plane count), likewise only when cited.
  let planes: Outcome<Record<string, PlanePoint>> | undefined
  const study = () => (planes ??= planeStudy(report.inputs))
  Object.defineProperty(scope, 'by_planes', { enumerable: true, get: () => (study().ok ? (study() as { value: Record<string, PlanePoint> }).value : {}) })
  const remembered = new Map<string, Evaluated>()
  let rememberedChars = 0
  return (ref, standsAlone) => {
    const key = `${standsAlone ? 'block' : 'inline'} ${ref.inner}`
    const known = remembered.get(key)
    if (known) return known
    const value = evaluate(ref, report, scope, { sweep, planes: study }, standsAlone)
    const chars = key.length + (value.ok ? value.value.length : 0)
    if (rememberedChars + chars <= REMEMBERED_CHARS) {
      remembered.set(key, value)
      rememberedChars += chars
    }
    return value
  }
}

const fail = <T = string>(message: string, hint?: string): Outcome<T> => ({
  ok: false,
  diagnostics: [error('MWP_MEMO_REFERENCE', message, hint === undefined ? {} : { hint })],
})

/** The studies a memo may cite, each computed once and only when cited. */
interface Studies {
  sweep: () => Outcome<CapSweepPoint[]>
  planes: () => Outcome<Record<string, PlanePoint>>
}

function evaluate(ref: Reference, report: ClusterReport, scope: object, studies: Studies, standsAlone: boolean): Evaluated {
  const [left = '', ...pipes] = ref.inner.split('|').map((part) => part.trim())
  const [name = '', ...args] = left.split(/\s+/)
  const right = pipes[0]
  if (!NAME.test(name)) return fail('expected a report key, like {{ nodes }} or {{ p_total_w | mw }}')

  if (name === 'table') {
    const which = args[0]
    if (args.length !== 1 || right !== undefined) return fail(`write a table as {{ table NAME }} with NAME one of ${Object.keys(TABLES).join(', ')}`)
    if (!Object.hasOwn(TABLES, which!)) return fail(`unknown table "${which}"`, `tables: ${Object.keys(TABLES).join(', ')}`)
    if (!standsAlone) return fail('a table must stand alone in its own paragraph', 'put a blank line before and after it')
    return renderTable(which!, report, studies)
  }
  if (args.length > 0) return fail(`unexpected "${args.join(' ')}" after the key`, `a format follows a "|": {{ ${name} | ${args[0]} }}; a key has no spaces`)

  const quantity = quantityAt(name)
  let format: ValueFormat | undefined
  if (pipes.length > 0) {
    const parsed = parseFormat(name, pipes, quantity)
    if (!parsed.ok) return parsed
    format = parsed.value
  }

  const lookup = lookUp(scope, name)
  if (!lookup.found || lookup.value === null) {
    // A key mwpack knows that this report does not hold: say why, from what the quantity needs.
    if (quantity) return missing(name, quantity, report)
    if (!lookup.found) return fail(`the report has no "${name}"`, lookup.suggestion ? `did you mean "${lookup.suggestion}"?` : undefined)
  }
  const value = lookup.found ? lookup.value : undefined
  if (typeof value === 'object' && value !== null) return fail('this key holds a group of values, not one value; name a key inside it')
  if (!quantity) return fail(`the report has no "${name}"`)
  const formatted = formatValue(value as number | string | boolean, quantity, format, name)
  if (!formatted.ok) return formatted
  return typeof value === 'string' && format?.name !== 'raw' ? { ...formatted, value: escapeMarkdown(formatted.value) } : formatted
}

/**
 * The one format after the key's `|`: a name from FORMATS, with decimals
 * for `fixed:N` and nothing after any other. An empty format, a second `|`,
 * an unknown name or a stray argument is an error saying what was expected
 * (docs/model.md, "Live numbers in memos").
 */
function parseFormat(name: string, pipes: readonly string[], quantity: Quantity | undefined): Outcome<ValueFormat> {
  const fitting = quantity ? formatsFitting(quantity.unit) : Object.keys(FORMATS).map((f) => (f === 'fixed' ? 'fixed:N' : f))
  const example = `{{ ${name} | ${fitting[0] ?? 'raw'} }}`
  if (pipes.length > 1)
    return fail<ValueFormat>(
      `expected one format after the key, found ${pipes.length}: ${pipes.map((p) => JSON.stringify(p)).join(', ')}`,
      `a reference takes one "| format", as ${example}`,
    )
  const written = pipes[0]!
  if (written === '')
    return fail<ValueFormat>('expected a format after "|", found nothing', `write ${example}, or drop the "|"; formats that fit: ${fitting.join(', ')}`)
  const match = FORMAT.exec(written)
  const formatName = match?.[1]
  if (!match || !Object.hasOwn(FORMATS, formatName!)) {
    const suggestion = didYouMean(formatName ?? written, Object.keys(FORMATS))
    return fail<ValueFormat>(`unknown format "${written}"`, suggestion ? `did you mean "${suggestion}"?` : `formats: ${Object.keys(FORMATS).join(', ')}`)
  }
  const argument = match[2]
  if (formatName === 'fixed') {
    if (argument === undefined || !/^\d{1,2}$/.test(argument) || Number(argument) > MAX_DECIMALS)
      return fail<ValueFormat>(
        `format "fixed" needs its number of decimals, 0 to ${MAX_DECIMALS}, after a colon, found "${written}"`,
        `write {{ ${name} | fixed:1 }}`,
      )
    return { ok: true, value: { name: 'fixed', digits: Number(argument) }, diagnostics: [] }
  }
  if (argument !== undefined)
    return fail<ValueFormat>(`format "${formatName}" takes nothing after it, found "${written}"`, `write {{ ${name} | ${formatName} }}`)
  return { ok: true, value: { name: formatName! }, diagnostics: [] }
}

/** What to add to the config for a key that exists only with that block. */
const BLOCK_HINTS: Record<Block, string> = {
  facility: 'add a facility block (grid_mw, peak_pue) to the cluster config',
  rack: 'add a rack block to the cluster config',
  power_capping: 'add a power_capping block to the cluster config',
  provisioned_w: 'add node.provisioned_w (a measured peak) to the cluster config',
  it_cap_mw: 'this config sizes from its facility block: cite it_cap_w (grid_w / peak_pue) or inputs.facility.grid_mw',
}

/**
 * A known key without a value: its block is absent (say which to add), no
 * node fits (say so: a ratio over nodes or a gain over an empty cluster does
 * not exist), or it does not apply here (`n/a`: oversubscription with one
 * switch). A sweep point past the last is an unknown index.
 */
function missing(name: string, quantity: Quantity, report: ClusterReport): Evaluated {
  const block = quantity.block
  const absent = block !== undefined && !hasBlock(report, block)
  if (absent) return fail(`the report has no "${name}": ${blockWords(block)}`, BLOCK_HINTS[block])
  if (quantity.needsNodes && report.nodes === 0) {
    const what = WHAT[name.split('.').at(-1)!] ?? name
    return fail(
      `no node fits under the cap (nodes = 0, limited by ${report.limited_by}), so there is no ${what} to state`,
      'raise the cap, or guard the sentence for a cluster of zero nodes',
    )
  }
  if (/^(sweep|by_planes|power_capping\.frontier)\.\d+/.test(name)) return fail(`the report has no "${name}": there is no such point`)
  return { ok: true, value: 'n/a', diagnostics: [] }
}

/** Words for the figures that need nodes, in the "no node fits" sentence. */
const WHAT: Record<string, string> = {
  capping_gain: 'capping gain',
  gain_vs_uncapped: 'gain over the uncapped cluster',
  break_even_throughput: 'break-even throughput',
  power_per_gpu_w: 'power per GPU',
  fabric_share: 'fabric share',
  oversubscription_ratio: 'oversubscription ratio',
  measured_power_gain: 'gain from measured power',
}

function hasBlock(report: ClusterReport, block: Block): boolean {
  const inputs = report.inputs
  switch (block) {
    case 'facility':
      return inputs.facility !== undefined
    case 'rack':
      return inputs.rack !== undefined
    case 'power_capping':
      return inputs.power_capping !== undefined
    case 'provisioned_w':
      return inputs.node.provisioned_w !== undefined
    case 'it_cap_mw':
      return inputs.it_cap_mw !== undefined
  }
}

function blockWords(block: Block): string {
  return block === 'provisioned_w'
    ? 'the node has no provisioned_w'
    : block === 'it_cap_mw'
      ? 'the config has no it_cap_mw'
      : `the config has no ${block} block`
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
