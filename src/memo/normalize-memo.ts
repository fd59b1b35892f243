// Memo normalization that provably keeps the CommonMark rendering.
import { HtmlRenderer, Parser, type Node } from 'commonmark'

/**
 * Memo hygiene (spec/artifacts.md, "Memo normalization") that never changes
 * how the memo renders.
 *
 * - Leading BOMs go; CRLF and lone CR become LF; the file ends with one LF.
 * - Trailing spaces and tabs go, except in code and HTML blocks; a two-space
 *   hard break becomes `\`, the same break made visible.
 * - ATX headings become `#`s, one space and the text.
 * - Front matter (a `---` block at the very top) is kept as written.
 *
 * How: the CommonMark reference parser (commonmark.js) says where the
 * blocks are; each line gets a proposed edit from that structure; then the
 * reference renderer checks the result. An edit that would change the HTML
 * (trailing spaces inside a code span that crosses a line, say, which no
 * block structure reveals) is found by bisection and dropped. So the promise
 * "same HTML before and after" is checked on every run, not hoped for.
 *
 * `alwaysParse` turns off the shortcut for memos with nothing to edit; the
 * tests use it to show the shortcut never skips an edit.
 */
export function normalizeMemo(input: string, options: { alwaysParse?: boolean } = {}): string {
  // A doubled BOM is an encoding accident, never content: drop every leading one.
  const text = input.replace(/^\uFEFF+/, '').replace(/\r\n?/g, '\n')
  const lines = text.split('\n')
  if (text.endsWith('\n')) lines.pop()

  if (!options.alwaysParse && !mayNeedEdits(text, lines)) return applyEdits(lines, [])
  const document = parser.parse(text)
  const proposed = proposeEdits(lines, document)
  if (proposed.length === 0) return applyEdits(lines, [])
  const reference = renderer.render(document)
  const rendersSame = (edits: readonly LineEdit[]) => renderer.render(parser.parse(applyEdits(lines, edits))) === reference
  return applyEdits(lines, keepSafeEdits(proposed, rendersSame))
}

/**
 * False only when no edit can apply: no trailing space or tab, no blank line
 * at the end, and no `#` run a heading rewrite would touch (followed by a tab
 * or two spaces, or closing a line). Most committed memos are already clean,
 * and this spares them a parse. Conservative by construction: when in doubt
 * it says yes and the parser decides.
 */
function mayNeedEdits(text: string, lines: readonly string[]): boolean {
  const lastLineBlank = lines.length > 0 && /^[ \t]*$/.test(lines.at(-1)!)
  return lastLineBlank || /[ \t]$|#(?:\t| {2})|[ \t]#+$/m.test(text)
}

const parser = new Parser()
const renderer = new HtmlRenderer()

/** Replace line `line` (0-based) with `text`, or delete it when `text` is null. */
interface LineEdit {
  line: number
  text: string | null
}

function applyEdits(lines: readonly string[], edits: readonly LineEdit[]): string {
  const out = [...lines] as Array<string | null>
  for (const edit of edits) out[edit.line] = edit.text
  const kept = out.filter((line): line is string => line !== null)
  return kept.length === 0 ? '' : `${kept.join('\n')}\n`
}

/**
 * The largest set of edits (found greedily, halving on failure) whose result
 * renders like the original. In the common case the first check passes and
 * this costs one extra render.
 */
function keepSafeEdits(edits: LineEdit[], rendersSame: (edits: readonly LineEdit[]) => boolean): LineEdit[] {
  const accepted: LineEdit[] = []
  const consider = (candidates: LineEdit[]) => {
    if (candidates.length === 0) return
    if (rendersSame([...accepted, ...candidates])) {
      // A loop, not push(...): a memo can have more edited lines than a call can take arguments.
      for (const edit of candidates) accepted.push(edit)
      return
    }
    if (candidates.length === 1) return
    const half = Math.ceil(candidates.length / 2)
    consider(candidates.slice(0, half))
    consider(candidates.slice(half))
  }
  consider(edits)
  return accepted
}

/** What a line is, from the parsed block tree; an ATX heading carries the 0-based column of its first `#`. */
type Role = 'verbatim' | 'interior' | 'other' | { atx: number }

/** Which lines belong to what (commonmark.js sourcepos is 1-based; lines here are 0-based). */
function lineRoles(lines: readonly string[], document: Node): Role[] {
  const roles: Role[] = lines.map(() => 'other')
  const mark = (from: number, to: number, role: Role) => {
    for (let i = Math.max(0, from); i <= Math.min(to, lines.length - 1); i++) roles[i] = role
  }
  const walker = document.walker()
  for (let event = walker.next(); event; event = walker.next()) {
    const node = event.node
    if (!event.entering || !node.sourcepos) continue
    const [[startLine, startColumn], [endLine]] = node.sourcepos
    const first = startLine - 1
    const last = endLine - 1
    switch (node.type) {
      case 'code_block':
      case 'html_block':
        // An empty last line is reported as "line N+1, column 0": clamp to the text.
        mark(first, last, 'verbatim')
        break
      case 'paragraph':
        mark(first, last - 1, 'interior')
        break
      case 'heading':
        if (first === last && lines[first]?.[startColumn - 1] === '#') roles[first] = { atx: startColumn - 1 }
        else mark(first, last - 2, 'interior') // setext: text lines, then the underline
        break
    }
  }
  return roles
}

function proposeEdits(lines: readonly string[], document: Node): LineEdit[] {
  const roles = lineRoles(lines, document)
  const frontMatter = frontMatterLineCount(lines)
  const edits: LineEdit[] = []
  for (let i = frontMatter; i < lines.length; i++) {
    const line = lines[i]!
    const role = roles[i]!
    if (role === 'verbatim') continue
    const next = typeof role === 'object' ? normalizeAtxHeading(line, role.atx) : normalizeTrailing(line, role === 'interior')
    if (next !== undefined && next !== line) edits.push({ line: i, text: next })
  }
  // Blank lines at the end go (one LF ends the file). The check keeps any a code block owns.
  for (let i = lines.length - 1; i >= frontMatter && /^[ \t]*$/.test(lines[i]!); i--) edits.push({ line: i, text: null })
  return edits
}

/**
 * Trailing whitespace. At a line break inside a paragraph one space is a soft
 * break (renderers strip it), two or more after a letter or digit are a hard
 * break written invisibly (`\` writes the same break), and anything else stays:
 * a tab, or spaces after punctuation, where `\` could change emphasis flanking.
 */
function normalizeTrailing(line: string, interior: boolean): string | undefined {
  const body = line.replace(/[ \t]+$/, '')
  const trailing = line.slice(body.length)
  if (trailing === '' || !interior || trailing === ' ') return body
  if (/^ {2,}$/.test(trailing) && /[\p{L}\p{N}]$/u.test(body)) return `${body}\\`
  return undefined
}

/**
 * `#   Title  ##  ` becomes `# Title`. The text is cut the way the reference
 * parser cuts it. Left alone when the text itself ends in ` #`: without its
 * closing run, that `#` would become the closing run.
 */
function normalizeAtxHeading(line: string, column: number): string | undefined {
  const prefix = line.slice(0, column) // container markers and indentation: they place the heading, so they stay
  const match = /^(#{1,6})(?:[ \t]+(.*))?$/.exec(line.slice(column))
  if (!match) return normalizeTrailing(line, false)
  const [, marker = '', rest = ''] = match
  const content = rest
    .replace(/^[ \t]*#+[ \t]*$/, '')
    .replace(/[ \t]+#+[ \t]*$/, '')
    .replace(/^[ \t]+|[ \t]+$/g, '')
  if (/[ \t]#+$/.test(content) || /^#+$/.test(content)) return normalizeTrailing(line, false)
  return content === '' ? `${prefix}${marker}` : `${prefix}${marker} ${content}`
}

/** Lines taken by a front matter block: `---` on the first line, closed by `---` or `...`. 0 when none. */
export function frontMatterLineCount(lines: readonly string[]): number {
  if (lines[0] !== '---') return 0
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.replace(/[ \t]+$/, '')
    if (line === '---' || line === '...') return i + 1
  }
  return 0
}
