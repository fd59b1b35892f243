// What each line of a memo is, block by block, in each reading: code, a paragraph's inner or last line, a table row, a heading.
import type { CommonMarkNode, GfmToken } from './markdown-readings.js'

/**
 * - `verbatim`: in a code or HTML block: kept byte for byte.
 * - `interior`: a text line of a paragraph or setext heading that another
 *   follows: its end is a line break in prose, or inside a code span, inline
 *   HTML or a link title (`inline-line-ends.ts` finds which).
 * - `last`: the last text line of a paragraph or setext heading: renderers
 *   drop its trailing spaces and tabs.
 * - `table`: a GFM table row: cells are trimmed.
 * - `atx`: an ATX heading (`# Title`).
 * - `other`: blank lines, rules, underlines, list and quote markers alone,
 *   link definitions.
 */
export type LineRole = 'verbatim' | 'interior' | 'last' | 'table' | 'atx' | 'other'

export interface LineRoles {
  roles: LineRole[]
  /** ATX headings by 0-based line: the 0-based column of the first `#`. */
  atx: Map<number, number>
}

/** Roles from the CommonMark tree (commonmark.js sourcepos: 1-based lines and columns). */
export function commonMarkRoles(lines: readonly string[], document: CommonMarkNode): LineRoles {
  const roles: LineRole[] = lines.map(() => 'other')
  const atx = new Map<number, number>()
  const mark = (from: number, to: number, role: LineRole) => {
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
        // An empty last line is reported as "line N+1, column 0": `mark` clamps to the text.
        mark(first, last, 'verbatim')
        break
      case 'paragraph':
        mark(first, last - 1, 'interior')
        mark(last, last, 'last')
        break
      case 'heading':
        if (first === last && lines[first]?.[startColumn - 1] === '#') {
          roles[first] = 'atx'
          atx.set(first, startColumn - 1)
        } else {
          // Setext: text lines, then the underline.
          mark(first, last - 2, 'interior')
          mark(last - 1, last - 1, 'last')
        }
        break
    }
  }
  return { roles, atx }
}

/** Roles from markdown-it's GFM tokens (`map`: 0-based lines, end exclusive). */
export function gfmRoles(lines: readonly string[], tokens: readonly GfmToken[]): LineRoles {
  const roles: LineRole[] = lines.map(() => 'other')
  const atx = new Map<number, number>()
  const mark = (from: number, to: number, role: LineRole) => {
    for (let i = Math.max(0, from); i <= Math.min(to, lines.length - 1); i++) roles[i] = role
  }
  for (const token of tokens) {
    if (!token.map || token.nesting === -1) continue
    const [first, end] = token.map
    switch (token.type) {
      case 'fence':
      case 'code_block':
      case 'html_block':
        mark(first, end - 1, 'verbatim')
        break
      case 'table_open':
        mark(first, end - 1, 'table')
        break
      case 'paragraph_open':
        mark(first, end - 2, 'interior')
        mark(end - 1, end - 1, 'last')
        break
      case 'heading_open':
        if (token.markup.startsWith('#')) {
          roles[first] = 'atx'
          const column = lines[first]!.indexOf('#')
          atx.set(first, column)
        } else {
          mark(first, end - 3, 'interior')
          mark(end - 2, end - 2, 'last')
        }
        break
    }
  }
  return { roles, atx }
}
