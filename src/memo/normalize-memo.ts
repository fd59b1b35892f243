// Memo normalization that provably keeps the rendering, in CommonMark and in GitHub-flavoured Markdown.
import { splitFrontMatter } from './front-matter.js'
import { inlineLineEnds, type InlineLineEnd } from './inline-line-ends.js'
import { commonMarkRoles, gfmRoles, type LineRole } from './line-roles.js'
import { parseCommonMark, parseGfm, renderCommonMarkTree, renderGfmTokens } from './markdown-readings.js'
import { probeMarkers } from './probe-markers.js'
import { tidyAtxHeading } from './tidy-heading.js'

/**
 * Memo hygiene (docs/architecture.md, "Memos") that never changes how the
 * memo renders, in CommonMark or in GitHub-flavoured Markdown (GFM).
 *
 * - Leading BOMs go; CRLF and lone CR become LF; the file ends with one LF.
 * - Trailing spaces and tabs go where no reading gives them meaning; a
 *   two-space hard break becomes `\`, the same break made visible, where both
 *   readings see that break after a plain word.
 * - ATX headings become `#`s, one space and the text.
 * - Front matter (a `---` block at the very top) is kept as written; the rest,
 *   the body renderers show, is normalized as a document of its own.
 *
 * How: each reading's block structure (commonmark.js for CommonMark,
 * markdown-it for GFM) says what every line is; one probe parse says which
 * paragraph line ends are prose and which sit inside a code span, inline HTML
 * or a link title (`inline-line-ends.ts`). An edit is proposed only where both
 * readings agree it changes nothing. The result is then rendered in both
 * readings and compared with the original's HTML; should it differ, the edits
 * that rest on inline structure are dropped and the rest checked again, then
 * none are kept. So "same HTML before and after" is checked on every run, in
 * a fixed number of parses (at most eight), each linear in the memo.
 *
 * `alwaysParse` turns off the shortcut for memos with nothing to edit; the
 * tests use it to show the shortcut never skips an edit.
 */
export function normalizeMemo(input: string, options: { alwaysParse?: boolean } = {}): string {
  return normalizeMemoChecked(input, options).markdown
}

/** How far the final check let the edits through: all, those resting on block structure alone, or none. */
export type NormalizationCheck = 'all' | 'block' | 'none'

/** `normalizeMemo`, saying which edits the final check kept (the tests count the fallbacks). */
export function normalizeMemoChecked(input: string, options: { alwaysParse?: boolean } = {}): { markdown: string; kept: NormalizationCheck } {
  // A doubled BOM is an encoding accident, never content: drop every leading one.
  const text = input.replace(/^\uFEFF+/, '').replace(/\r\n?/g, '\n')
  const { frontMatter, body: rawBody } = splitFrontMatter(text)
  // Every line ends in LF, the last one too: that changes no rendering.
  const body = rawBody === '' || rawBody.endsWith('\n') ? rawBody : `${rawBody}\n`
  const lines = body === '' ? [] : body.slice(0, -1).split('\n')
  const finish = (edits: Edits, kept: NormalizationCheck) => ({ markdown: frontMatter + joinLines(lines, edits), kept })

  if (!options.alwaysParse && !mayNeedEdits(body, lines)) return finish(new Map(), 'all')
  const commonmark = parseCommonMark(body)
  const gfm = parseGfm(body)
  const { all, block } = proposeEdits(body, lines, commonmark, gfm)
  if (all.size === 0) return finish(all, 'all')

  const reference = { commonmark: renderCommonMarkTree(commonmark), gfm: renderGfmTokens(gfm) }
  const rendersSame = (edits: Edits) => {
    const edited = joinLines(lines, edits)
    return renderCommonMarkTree(parseCommonMark(edited)) === reference.commonmark && renderGfmTokens(parseGfm(edited)) === reference.gfm
  }
  if (rendersSame(all)) return finish(all, 'all')
  if (block.size > 0 && block.size < all.size && rendersSame(block)) return finish(block, 'block')
  return finish(new Map(), 'none')
}

/**
 * False only when no edit can apply: no trailing space or tab, no blank line
 * at the end, and no `#` run a heading rewrite would touch (followed by a tab
 * or two spaces, or closing a line). Most committed memos are already clean,
 * and this spares them the parses. Conservative by construction: when in
 * doubt it says yes and the parsers decide.
 */
function mayNeedEdits(body: string, lines: readonly string[]): boolean {
  const last = lines.at(-1)
  const lastLineBlank = last !== undefined && isBlank(last)
  return lastLineBlank || /[ \t]$|#(?:\t| {2})|[ \t]#+$/m.test(body)
}

/** New text for a line, by 0-based index; `null` deletes the line. */
type Edits = Map<number, string | null>

/** The lines joined with LF, edits applied, one LF at the end (nothing at all for an empty document). */
function joinLines(lines: readonly string[], edits: Edits): string {
  const out: string[] = []
  for (let k = 0; k < lines.length; k++) {
    const edit = edits.get(k)
    if (edit !== null) out.push(edit ?? lines[k]!)
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`
}

/** What a line's trailing spaces and tabs are in one reading. */
type Meaning = 'drop' | 'hard-break' | 'content'

/**
 * Every edit both readings allow (`all`), and the part of it that rests on
 * block structure alone, not on the probe of inline structure (`block`).
 */
function proposeEdits(
  body: string,
  lines: readonly string[],
  commonmark: ReturnType<typeof parseCommonMark>,
  gfm: ReturnType<typeof parseGfm>,
): { all: Edits; block: Edits } {
  const cm = commonMarkRoles(lines, commonmark)
  const gh = gfmRoles(lines, gfm)
  const trailing = lines.map(trailingStart)

  // Lines whose end may be prose or may sit inside a span: ask the parser, once for all of them.
  const asked: number[] = []
  for (let k = 0; k < lines.length; k++) if (trailing[k]! < lines[k]!.length && (cm.roles[k] === 'interior' || gh.roles[k] === 'interior')) asked.push(k)
  const ends: number[] = []
  let offset = 0
  for (const line of lines) {
    ends.push(offset + line.length)
    offset += line.length + 1
  }
  const answers = inlineLineEnds(body, asked, ends, commonmark, asked.length > 0 ? probeMarkers(body) : undefined)
  const inline = new Map<number, InlineLineEnd>(asked.map((line, i) => [line, answers[i]!]))

  const all: Edits = new Map()
  const block: Edits = new Map()
  // Blank lines after a code block are kept as written: micromark (GitHub's reading in the tests)
  // counts some of them into an indented block's text, where CommonMark does not.
  const untouchable: boolean[] = []
  let afterCode = false
  for (let k = 0; k < lines.length; k++) {
    const verbatim = cm.roles[k] === 'verbatim' || gh.roles[k] === 'verbatim'
    if (!isBlank(lines[k]!)) afterCode = verbatim
    untouchable.push(verbatim || afterCode)
  }
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!
    if (untouchable[k]) continue
    const column = cm.atx.get(k)
    if (column !== undefined && gh.atx.get(k) === column) {
      const tidied = tidyAtxHeading(line, column) ?? line.slice(0, trailing[k])
      if (tidied !== line) {
        all.set(k, tidied)
        block.set(k, tidied)
      }
      continue
    }
    if (trailing[k] === line.length) continue
    const a = meaning(line, trailing[k]!, cm.roles[k]!, inline.get(k))
    const b = meaning(line, trailing[k]!, gh.roles[k]!, inline.get(k))
    const kept = line.slice(0, trailing[k])
    if (a === 'drop' && b === 'drop') {
      all.set(k, kept)
      if (cm.roles[k] !== 'interior' && gh.roles[k] !== 'interior') block.set(k, kept)
    } else if (a === 'hard-break' && b === 'hard-break' && endsInPlainWord(kept)) all.set(k, `${kept}\\`)
  }
  // Blank lines at the end go (one LF ends the file), unless a code or HTML block owns them.
  for (let k = lines.length - 1; k >= 0 && isBlank(lines[k]!) && !untouchable[k]; k--) {
    all.set(k, null)
    block.set(k, null)
  }
  return { all, block }
}

/**
 * A line's trailing spaces and tabs in one reading. On a paragraph's inner
 * line they are a line break only in prose: one space is a soft break
 * (dropped), two or more spaces a hard break; after a backslash, tabs, or
 * inside a span they are content. A GFM footnote's first line (`[^1]: ...`)
 * is a paragraph to GitHub but a link definition to CommonMark: left alone.
 */
function meaning(line: string, trailing: number, role: LineRole, inline: InlineLineEnd | undefined): Meaning {
  if (line[trailing - 1] === '\\' || /^[ >]*\[\^[^\]\s]+\]:/.test(line)) return 'content'
  switch (role) {
    case 'last':
    case 'table':
    case 'other':
    case 'atx':
      return 'drop'
    case 'interior': {
      if (inline !== 'prose') return 'content'
      const run = line.slice(trailing)
      if (run === ' ') return 'drop'
      return /^ {2,}$/.test(run) ? 'hard-break' : 'content'
    }
    default:
      return 'content'
  }
}

/**
 * A backslash may stand for a hard break after a plain word: letters and
 * digits back to the previous space. After punctuation it could change
 * emphasis flanking, and after a URL-like word a GFM autolink would take it in.
 */
function endsInPlainWord(text: string): boolean {
  let i = text.length
  while (i > 0 && text[i - 1] !== ' ' && text[i - 1] !== '\t') i--
  const word = text.slice(i)
  return word !== '' && /^[\p{L}\p{N}]+$/u.test(word)
}

/** Offset where the line's trailing spaces and tabs start (a scan, not a backtracking pattern). */
function trailingStart(line: string): number {
  let end = line.length
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--
  return end
}

function isBlank(line: string): boolean {
  return trailingStart(line) === 0
}
