// A conservative rule that proves resolved values add words and no structure, sparing the re-parse of the resolved memo.
import { mayAutolink } from './markdown-readings.js'

/** One live value as written into the memo: it replaces `text.slice(start, end)`, a `{{ ... }}` reference. */
export interface PlacedValue {
  start: number
  end: number
  value: string
  /** A table where a directive stood alone (a value over several lines). */
  block: boolean
  /** Its line in the body, 0-based. */
  line: number
}

/**
 * Characters that can open, close or complete Markdown syntax in either
 * reading (commonmark.js, markdown-it with GFM tables, strikethrough and
 * linkify), line breaks and control characters, and white space other than
 * the ASCII space (it is text to one reading and white space to another's
 * delimiter rules). `{` and `}` too: a value must not meet another reference.
 */
const UNSAFE = /[\\`*_~[\]!<>&|#{}\x00-\x1f\x7f\x80-\xa0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]/
const WORD = /[\p{L}\p{N}]/u
const LETTER = /^\p{L}/u
/** A line's first word that no block starts with: a letter or `(`. */
const NO_BLOCK_START = /^[\p{L}(]/u
/** What may stand before a line's text and keep it the start of a block: indent, `>` and list markers (as startsBlock in resolve-references.ts). */
const CONTAINER_PREFIX = /^(?:[ \t]*(?:>|[-+*]|\d{1,9}[.)])(?=[ \t]|$))*[ \t]*/
const DELIMITERS = '*_~'

type CharClass = 'space' | 'punct' | 'other'

/**
 * True when no value can change the memo's block or inline structure in
 * either reading, judged from the value's characters and its neighbours in
 * the memo alone; false when the rule cannot tell (the caller then re-parses
 * the resolved memo and compares structures, the proof this rule spares).
 *
 * In the probe the placement parsed (place-references.ts), each value's place
 * held `{{`, private-use markers and `}}`: punctuation at both ends, plain
 * letters inside. A value keeps the structure when (checked in this order):
 * - its characters cannot start, end or complete any construct (`UNSAFE`),
 *   it has a letter or digit (so a line holding it is never a thematic
 *   break, setext underline or table delimiter row), and no space at its
 *   ends;
 * - it touches no other live value (their neighbours change together);
 * - at the start of a line's text it starts with a letter, or with digits
 *   that with what follows are no ordered list marker (`1. `, `2) `), or are
 *   one other than 1 on a line inside a paragraph in both readings (such a
 *   list cannot interrupt a paragraph: `interiorLine` says which lines are);
 *   glued to a line's first word it is undecided unless that word starts
 *   with a letter or `(`, which start no block;
 * - no `[`, `]` or `<` stands before it in its block (since the last blank
 *   line): it is not inside a link label, destination or title, an HTML tag
 *   or an autolink it could complete, nor under a link reference definition
 *   a title could extend;
 * - a `*`, `_` or `~` run beside it flanks the same way with the value's end
 *   character as with the brace it replaces (CommonMark's flanking rules,
 *   which markdown-it shares; a non-ASCII character may be any class; a
 *   run at a line's start, or beside a table's `|`, is also tried as at the
 *   edge of the text);
 * - the word it is part of (to the spaces around it) could not be a GFM
 *   autolink either way (linkify-it's own test, as markdown-it runs it).
 *
 * A table value (`block`) must stand at the left margin with blank lines
 * (or the body's edges) around it, every line a row of the same number of
 * cells and the second a delimiter row, each cell passing the character rule
 * and the autolink test: CommonMark then reads one paragraph of plain text,
 * GFM one table, as the structure check expects of a directive.
 *
 * `bodyStart` is where the body starts (after front matter): nothing before
 * it is Markdown. `values` are in document order.
 */
export function addsOnlyWords(text: string, bodyStart: number, values: readonly PlacedValue[], interiorLine: (line: number) => boolean): boolean {
  const starts = new Set(values.map((v) => v.start))
  const ends = new Set(values.map((v) => v.end))
  // One forward scan tells, for each value, whether a `[`, `]` or `<` stands since the last blank line.
  let scanned = bodyStart
  let opener = false
  let lineBlank = true
  for (const v of values) {
    for (; scanned < v.start; scanned++) {
      const c = text[scanned]!
      if (c === '\n') {
        if (lineBlank) opener = false
        lineBlank = true
      } else if (c !== ' ' && c !== '\t') {
        lineBlank = false
        if (c === '[' || c === ']' || c === '<') opener = true
      }
    }
    if (opener || starts.has(v.end) || ends.has(v.start)) return false
    if (!(v.block ? tableKeepsStructure(text, bodyStart, v) : inlineKeepsStructure(text, bodyStart, v, starts, ends, interiorLine))) return false
  }
  return true
}

function inlineKeepsStructure(
  text: string,
  bodyStart: number,
  v: PlacedValue,
  starts: ReadonlySet<number>,
  ends: ReadonlySet<number>,
  interiorLine: (line: number) => boolean,
): boolean {
  const { value, start, end } = v
  if (value === '' || UNSAFE.test(value) || !WORD.test(value) || value.startsWith(' ') || value.endsWith(' ')) return false

  const lineStart = text.lastIndexOf('\n', start - 1) + 1
  const lineText = text.slice(lineStart, start).replace(CONTAINER_PREFIX, '')
  if (lineText === '') {
    if (!LETTER.test(value) && !/^[0-9]/.test(value)) return false
    const lineEnd = text.indexOf('\n', end)
    const marker = /^([0-9]{1,9})[.)](?:[ \t]|$)/.exec(value + text.slice(end, lineEnd === -1 ? text.length : lineEnd))
    // commonmark.js lets only "1" interrupt a paragraph, markdown-it any number equal to 1 ("01").
    if (marker && (marker[1] === '1' || Number(marker[1]) === 1 || !interiorLine(v.line))) return false
  } else if (!/[ \t]/.test(lineText) && !NO_BLOCK_START.test(lineText)) return false

  if (!flanksAlike(text, bodyStart, start, end, value, starts, ends)) return false
  return !wordMayAutolink(text, start, end, value, starts, ends)
}

/** Whether the `*`, `_` or `~` runs beside the value flank as they did beside the braces. */
function flanksAlike(
  text: string,
  bodyStart: number,
  start: number,
  end: number,
  value: string,
  starts: ReadonlySet<number>,
  ends: ReadonlySet<number>,
): boolean {
  const before = text[start - 1]
  if (start > bodyStart && before !== undefined && DELIMITERS.includes(before)) {
    let runStart = start - 1
    while (runStart > bodyStart && text[runStart - 1] === before) runStart--
    if (ends.has(runStart)) return false
    const lineStart = text.lastIndexOf('\n', runStart - 1) + 1
    const edge = text.slice(lineStart, runStart).replace(CONTAINER_PREFIX, '') === ''
    const prev = runStart > bodyStart ? classesOf(text[runStart - 1]) : ['space' as const]
    const prevClasses = edge || text[runStart - 1] === '|' ? [...prev, 'space' as const] : prev
    for (const a of prevClasses) for (const b of classesOf(firstChar(value))) if (!sameFlags(before, a, 'punct', a, b)) return false
  }
  const after = text[end]
  if (after !== undefined && DELIMITERS.includes(after)) {
    let runEnd = end + 1
    while (text[runEnd] === after) runEnd++
    if (starts.has(runEnd)) return false
    const next = classesOf(text[runEnd])
    const nextClasses = text[runEnd] === '|' ? [...next, 'space' as const] : next
    for (const b of nextClasses) for (const a of classesOf(lastChar(value))) if (!sameFlags(after, 'punct', b, a, b)) return false
  }
  return true
}

/** Whether a delimiter run of `ch` can open and close alike between (a1, b1) and between (a2, b2): CommonMark 0.31, "Emphasis and strong emphasis". */
function sameFlags(ch: string, a1: CharClass, b1: CharClass, a2: CharClass, b2: CharClass): boolean {
  const x = flags(ch, a1, b1)
  const y = flags(ch, a2, b2)
  return x[0] === y[0] && x[1] === y[1]
}

function flags(ch: string, before: CharClass, after: CharClass): [boolean, boolean] {
  const left = after !== 'space' && (after !== 'punct' || before !== 'other')
  const right = before !== 'space' && (before !== 'punct' || after !== 'other')
  if (ch !== '_') return [left, right]
  return [left && (!right || before === 'punct'), right && (!left || after === 'punct')]
}

/** The classes a character may have to the readings' delimiter rules: ASCII is certain; elsewhere the two readings' Unicode tables may differ. */
function classesOf(c: string | undefined): CharClass[] {
  if (c === undefined) return ['space']
  const code = c.codePointAt(0)!
  if (code < 0x80) {
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') return ['space']
    return /[!-/:-@[-`{-~]/.test(c) ? ['punct'] : ['other']
  }
  return ['space', 'punct', 'other']
}

const firstChar = (s: string): string => String.fromCodePoint(s.codePointAt(0)!)
const lastChar = (s: string): string => {
  const code = s.charCodeAt(s.length - 1)
  return code >= 0xdc00 && code <= 0xdfff && s.length > 1 ? s.slice(-2) : s.slice(-1)
}

/** Whether the word holding the value, to the white space around it, could be an autolink with the value or with the braces. */
function wordMayAutolink(text: string, start: number, end: number, value: string, starts: ReadonlySet<number>, ends: ReadonlySet<number>): boolean {
  let from = start
  while (from > 0 && !/\s/.test(text[from - 1]!)) {
    from--
    if (ends.has(from)) return true
  }
  let to = end
  while (to < text.length && !/\s/.test(text[to]!)) {
    if (starts.has(to)) return true
    to++
  }
  return mayAutolink(text.slice(from, to)) || mayAutolink(text.slice(from, start) + value + text.slice(end, to))
}

function tableKeepsStructure(text: string, bodyStart: number, v: PlacedValue): boolean {
  const { start, end, value } = v
  // At the left margin, alone between blank lines (or the body's edges).
  if (start !== bodyStart && text[start - 1] !== '\n') return false
  if (start > bodyStart) {
    const previous = text.slice(text.lastIndexOf('\n', start - 2) + 1, start - 1)
    if (previous.trim() !== '') return false
  }
  if (end < text.length) {
    if (text[end] !== '\n') return false
    const lineEnd = text.indexOf('\n', end + 1)
    const next = text.slice(end + 1, lineEnd === -1 ? text.length : lineEnd)
    if (lineEnd !== -1 && next.trim() !== '') return false
    if (lineEnd === -1 && next !== '') return false
  }
  const rows = value.split('\n')
  if (rows.length < 2) return false
  let columns = -1
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!
    if (!row.startsWith('| ') || !row.endsWith(' |') || row.length < 4) return false
    const cells = row.slice(2, -2).split(' | ')
    if (columns === -1) columns = cells.length
    if (cells.length !== columns) return false
    for (const cell of cells) {
      if (r === 1) {
        if (!/^:?-+:?$/.test(cell)) return false
      } else if (cell === '' || UNSAFE.test(cell) || cell.startsWith(' ') || cell.endsWith(' ') || mayAutolink(cell)) return false
    }
  }
  return true
}
