// Live numbers: `{{ nodes }}`, `{{ p_total_w | mw }}` and `{{ table sizing }}` in a memo, resolved from the report.
import { Parser, type Node } from 'commonmark'
import MagicString from 'magic-string'
import type { ClusterReport } from '../cluster/size-cluster.js'
import { error, type Diagnostic, type Outcome, type SourcePosition } from '../diagnostics/diagnostic.js'
import { didYouMean } from '../diagnostics/did-you-mean.js'
import { positionInText } from '../diagnostics/text-position.js'
import { basename } from './memo-name.js'
import { FORMATS, formatValue, type ValueFormat } from './format-value.js'
import { CAPPING_DERIVED, derivedQuantities } from './derived-quantities.js'
import { memoSweep, type CapSweepPoint } from '../cluster/cap-sweep.js'
import { TABLES, renderTable } from './report-tables.js'

/**
 * A reference as written: `{{ name arg | format:digits }}` on one line. A
 * backslash before the braces (`\{{ nodes }}`) is Markdown's own escape: the
 * text stays literal and renders as `{{ nodes }}`.
 */
export interface Reference {
  start: number
  end: number
  /** What is between the braces, trimmed. */
  inner: string
}

export interface ResolvedMemo {
  markdown: string
  /** Source map (v3, JSON) from the resolved memo back to the memo as written; undefined when nothing was resolved. */
  map: string | undefined
  /** References resolved, in order. */
  resolved: number
  diagnostics: Diagnostic[]
}

const CANDIDATE = /\{\{([^{}\n]*)\}\}/g
/** Each reference needs a private-use character of its own while its place is found (see placement). */
const MAX_REFERENCES = 4000
const NAME = /^[A-Za-z_]\w*(?:\.\w+)*$/
const FORMAT = /^([a-z]+)(?::(\d{1,2}))?$/

/** Every `{{ ... }}` on one line that a backslash does not escape, in order. */
export function findReferences(text: string): Reference[] {
  const found: Reference[] = []
  for (const match of text.matchAll(CANDIDATE)) {
    let slashes = 0
    for (let i = match.index - 1; i >= 0 && text[i] === '\\'; i--) slashes++
    if (slashes % 2 === 1) continue
    found.push({ start: match.index, end: match.index + match[0].length, inner: match[1]!.trim() })
  }
  return found
}

/**
 * Resolves the references that sit in prose. References inside code spans,
 * code blocks, HTML and link destinations stay as written: where they sit is
 * decided by the CommonMark parser, not by pattern matching (see `placement`).
 *
 * `text` is the normalized memo; `file` names it in diagnostics and in the
 * source map; `report` is undefined when the memo has no cluster config;
 * `original` (the memo as written, line endings made LF) places diagnostics.
 */
export function resolveReferences(text: string, file: string, report: ClusterReport | undefined, original?: string): ResolvedMemo {
  const references = findReferences(text)
  if (references.length === 0) return { markdown: text, map: undefined, resolved: 0, diagnostics: [] }

  if (references.length > MAX_REFERENCES) {
    return {
      markdown: text,
      map: undefined,
      resolved: 0,
      diagnostics: [
        error('MWP_MEMO_REFERENCE', `the memo has ${references.length} references; mwpack resolves at most ${MAX_REFERENCES} in one memo`, {
          file,
          position: positionInText(text, references[MAX_REFERENCES]!.start),
          hint: 'split the memo, or use a {{ table ... }} for long lists of figures',
        }),
      ],
    }
  }
  const { places, outline: before } = placement(text, references)
  const live = references.filter((_, i) => places[i] !== 'literal')
  if (live.length === 0) return { markdown: text, map: undefined, resolved: 0, diagnostics: [] }

  // Normalization keeps every reference and their order, so the k-th reference of the memo as
  // written is the k-th here: report positions in the author's file, not in the normalized text.
  const authored = original === undefined ? undefined : findReferences(original)
  const sameOrder = authored !== undefined && authored.length === references.length
  const at = (ref: Reference) => {
    const k = references.indexOf(ref)
    return { file, position: sameOrder ? positionInText(original!, authored[k]!.start) : positionInText(text, ref.start) }
  }
  if (!report) {
    const first = live[0]!
    return {
      markdown: text,
      map: undefined,
      resolved: 0,
      diagnostics: [
        error(
          'MWP_MEMO_NEEDS_CONFIG',
          `the memo uses {{ ${first.inner} }}${live.length > 1 ? ` and ${live.length - 1} more reference(s)` : ''}, but it has no cluster config to take numbers from`,
          {
            ...at(first),
            hint: 'add NAME.cluster.json or cluster.json beside the memo, or pass --config',
          },
        ),
      ],
    }
  }

  const diagnostics: Diagnostic[] = []
  const s = new MagicString(text)
  const scope = { ...report, derived: derivedQuantities(report) }
  // The memo's sweep (eight more sizings) is computed only if the memo cites it, and once for
  // both its table and its points. Points of a sweep that cannot run are empty; the table says why.
  let swept: Outcome<CapSweepPoint[]> | undefined
  const sweep = () => (swept ??= memoSweep(report.inputs))
  const sweepPoints = (): CapSweepPoint[] => {
    const outcome = sweep()
    return outcome.ok ? outcome.value : []
  }
  Object.defineProperty(scope, 'sweep', { enumerable: true, get: sweepPoints })
  references.forEach((ref, i) => {
    const place = places[i]!
    if (place === 'literal') return
    const value = evaluate(ref, report, scope, sweep, place === 'block')
    if (!value.ok)
      diagnostics.push(error('MWP_MEMO_REFERENCE', `{{ ${ref.inner} }}: ${value.error}`, { ...at(ref), ...(value.hint ? { hint: value.hint } : {}) }))
    else s.overwrite(ref.start, ref.end, value.text)
  })
  if (diagnostics.length > 0) return { markdown: text, map: undefined, resolved: 0, diagnostics }

  const markdown = s.toString()
  const shifted = firstDifference(before, outlineOf(markdown))
  if (shifted !== undefined) {
    diagnostics.push(
      error('MWP_MEMO_REFERENCE', `a resolved value changes the memo's structure near line ${shifted}`, {
        file,
        position: { line: shifted, column: 1 },
        hint: 'a value next to Markdown punctuation can open a list, emphasis or a link; put a word or a space beside it',
      }),
    )
    return { markdown: text, map: undefined, resolved: 0, diagnostics }
  }
  // Line-level mappings are all the renderer needs (which author line a block came from).
  const map = s.generateMap({ source: basename(file), file: 'memo.md', includeContent: true })
  return { markdown, map: `${JSON.stringify(map)}\n`, resolved: live.length, diagnostics }
}

type Evaluated = { ok: true; text: string } | { ok: false; error: string; hint?: string }

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

type Place = 'inline' | 'block' | 'literal'

/**
 * Where each reference sits, as the CommonMark reference parser sees the
 * document. Each reference's name is swapped for a private-use character of
 * its own (braces, spaces and `|` kept, so no delimiter changes side), the
 * document is parsed, and the characters are looked for in the tree: in a
 * text node the reference is prose ('block' when it is a whole paragraph),
 * anywhere else (code, HTML, a link destination) or nowhere it is literal.
 */
function placement(text: string, references: readonly Reference[]): { places: Place[]; outline: Outline } {
  const marks = privateUseCharacters(text, references.length)
  if (!marks) return { places: references.map(() => 'literal'), outline: outlineOf(text) }
  let probe = ''
  let last = 0
  references.forEach((ref, i) => {
    const inner = text.slice(ref.start + 2, ref.end - 2).replace(/[^\s|]/g, marks[i]!)
    probe += `${text.slice(last, ref.start)}{{${inner}}}`
    last = ref.end
  })
  probe += text.slice(last)

  const index = new Map(marks.map((m, i) => [m, i]))
  const inText = new Set<number>()
  const alone = new Set<number>()
  const elsewhere = new Set<number>()
  const note = (literal: string | null | undefined, into: Set<number>) => {
    for (const ch of literal ?? '') {
      const i = index.get(ch)
      if (i !== undefined) into.add(i)
    }
  }
  // The probe keeps the document's structure (names swapped for letters of the same class), so its
  // outline is the memo's, and one parse serves both questions.
  const document = new Parser().parse(probe)
  const walker = document.walker()
  for (let event = walker.next(); event; event = walker.next()) {
    if (!event.entering) continue
    const node: Node = event.node
    switch (node.type) {
      case 'text':
        note(node.literal, inText)
        if (node.parent?.type === 'paragraph' && !node.prev && !node.next) note(/^\{\{[^{}]*\}\}$/.test(node.literal ?? '') ? node.literal : '', alone)
        break
      case 'code':
      case 'code_block':
      case 'html_inline':
      case 'html_block':
        note(node.literal, elsewhere)
        break
      case 'link':
      case 'image':
        note(node.destination, elsewhere)
        note(node.title, elsewhere)
        break
    }
  }
  const places = references.map((_, i): Place => (!inText.has(i) || elsewhere.has(i) ? 'literal' : alone.has(i) ? 'block' : 'inline'))
  return { places, outline: outline(document) }
}

/** `count` private-use characters that do not occur in the text, or undefined if the memo uses too many of them. */
function privateUseCharacters(text: string, count: number): string[] | undefined {
  const used = new Set(text.match(/[\uE000-\uF8FF]/g) ?? [])
  const out: string[] = []
  for (let code = 0xe000; code <= 0xf8ff && out.length < count; code++) {
    const ch = String.fromCharCode(code)
    if (!used.has(ch)) out.push(ch)
  }
  return out.length === count ? out : undefined
}

/** Everything but plain text and line breaks: a value may add words, never structure. */
const PLAIN = new Set(['document', 'text', 'softbreak', 'linebreak'])

type Outline = Array<{ type: string; line: number }>

/** The document's structure: every node but plain text and line breaks, in order, with its line. */
function outline(document: Node): Outline {
  const nodes: Outline = []
  const walker = document.walker()
  for (let event = walker.next(); event; event = walker.next()) {
    if (event.entering && !PLAIN.has(event.node.type)) nodes.push({ type: event.node.type, line: event.node.sourcepos?.[0][0] ?? lineOf(event.node) })
  }
  return nodes
}

function outlineOf(markdown: string): Outline {
  return outline(new Parser().parse(markdown))
}

/** The first line (1-based) where two outlines differ, if any. */
function firstDifference(a: Outline, b: Outline): number | undefined {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i]?.type !== b[i]?.type) return (a[i] ?? b[i])!.line
  return undefined
}

/** Inline nodes carry no position in commonmark.js: use their block's line. */
function lineOf(node: Node): number {
  for (let n: Node | null = node; n; n = n.parent) if (n.sourcepos) return n.sourcepos[0][0]
  return 1
}
