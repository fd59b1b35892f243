// The block and inline structure of a memo in both readings, to check that resolved values add words and never syntax.
import { parseCommonMark, parseGfm, type CommonMarkNode, type GfmToken } from './markdown-readings.js'

/** Everything but plain text and line breaks: a value may add words, never structure. */
const PLAIN = new Set(['document', 'text', 'softbreak', 'linebreak'])
const GFM_PLAIN = new Set(['text', 'softbreak', 'hardbreak', 'text_special'])

/** Every node but plain text and line breaks, in document order, with its 1-based line. */
export type Outline = Array<{ type: string; line: number }>

/** The CommonMark structure, from a commonmark.js tree. */
export function outline(document: CommonMarkNode): Outline {
  const nodes: Outline = []
  const walker = document.walker()
  for (let event = walker.next(); event; event = walker.next()) {
    if (event.entering && !PLAIN.has(event.node.type)) nodes.push({ type: event.node.type, line: event.node.sourcepos?.[0][0] ?? lineOf(event.node) })
  }
  return nodes
}

/** The CommonMark structure of a Markdown text (one parse). */
export function outlineOf(markdown: string): Outline {
  return outline(parseCommonMark(markdown))
}

/**
 * The GFM structure, from markdown-it tokens. A table counts as one entry
 * (its cells are checked in the CommonMark reading, where they are
 * paragraph text), and so does a paragraph that starts at one of
 * `directives` (0-based lines): a `{{ table NAME }}` that becomes a table.
 */
export function gfmOutline(tokens: readonly GfmToken[], directives: ReadonlySet<number> = new Set()): Outline {
  const nodes: Outline = []
  let line = 1
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    if (token.map) line = token.map[0] + 1
    const closing =
      token.type === 'table_open' ? 'table_close' : token.type === 'paragraph_open' && directives.has(token.map?.[0] ?? -1) ? 'paragraph_close' : undefined
    if (closing) {
      nodes.push({ type: 'table', line })
      while (i < tokens.length && tokens[i]!.type !== closing) i++
      continue
    }
    nodes.push({ type: token.type, line })
    for (const child of token.children ?? []) if (!GFM_PLAIN.has(child.type)) nodes.push({ type: child.type, line })
  }
  return nodes
}

/** The GFM structure of a Markdown text (one parse). */
export function gfmOutlineOf(markdown: string): Outline {
  return gfmOutline(parseGfm(markdown))
}

/**
 * The first line (1-based, in the body) where the resolved body's structure
 * differs from the probe's, in CommonMark and then in GFM, if any: two
 * parses of the resolved body. `directives` are the 0-based lines of the
 * tables that replaced a directive paragraph.
 */
export function structureShift(
  probe: { commonmark: CommonMarkNode; gfm: readonly GfmToken[] },
  directives: ReadonlySet<number>,
  resolvedBody: string,
): number | undefined {
  return firstDifference(outline(probe.commonmark), outlineOf(resolvedBody)) ?? firstDifference(gfmOutline(probe.gfm, directives), gfmOutlineOf(resolvedBody))
}

/**
 * Whether a body line (0-based) continues a paragraph in both readings of the
 * probe: it is inside a paragraph and not its first line. Made on first call.
 */
export function paragraphInteriors(probe: { commonmark: CommonMarkNode; gfm: readonly GfmToken[] }): (line: number) => boolean {
  let both: Set<number> | undefined
  return (line) => {
    if (!both) {
      const commonmark = new Set<number>()
      const walker = probe.commonmark.walker()
      for (let event = walker.next(); event; event = walker.next()) {
        const pos = event.node.sourcepos
        // sourcepos lines are 1-based: the interior lines are start + 1 .. end, so 0-based start .. end - 1.
        if (event.entering && event.node.type === 'paragraph' && pos) for (let k = pos[0][0]; k < pos[1][0]; k++) commonmark.add(k)
      }
      both = new Set()
      for (const token of probe.gfm) {
        if (token.type !== 'paragraph_open' || !token.map) continue
        for (let k = token.map[0] + 1; k < token.map[1]; k++) if (commonmark.has(k)) both.add(k)
      }
    }
    return both.has(line)
  }
}

/** The first line (1-based) where two outlines differ, if any. */
export function firstDifference(a: Outline, b: Outline): number | undefined {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i]?.type !== b[i]?.type) return (a[i] ?? b[i])!.line
  return undefined
}

/** Inline nodes carry no position in commonmark.js: use their block's line. */
function lineOf(node: CommonMarkNode): number {
  for (let n: CommonMarkNode | null = node; n; n = n.parent) if (n.sourcepos) return n.sourcepos[0][0]
  return 1
}
