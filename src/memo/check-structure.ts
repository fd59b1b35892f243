// The block and inline structure of a memo, to check that resolved values add words and never syntax.
import { Parser, type Node } from 'commonmark'

/** Everything but plain text and line breaks: a value may add words, never structure. */
const PLAIN = new Set(['document', 'text', 'softbreak', 'linebreak'])

/** Every node but plain text and line breaks, in document order, with its 1-based line. */
export type Outline = Array<{ type: string; line: number }>

/** The document's structure, from a commonmark.js tree. */
export function outline(document: Node): Outline {
  const nodes: Outline = []
  const walker = document.walker()
  for (let event = walker.next(); event; event = walker.next()) {
    if (event.entering && !PLAIN.has(event.node.type)) nodes.push({ type: event.node.type, line: event.node.sourcepos?.[0][0] ?? lineOf(event.node) })
  }
  return nodes
}

/** The structure of a Markdown text (one parse). */
export function outlineOf(markdown: string): Outline {
  return outline(new Parser().parse(markdown))
}

/** The first line (1-based) where two outlines differ, if any. */
export function firstDifference(a: Outline, b: Outline): number | undefined {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i]?.type !== b[i]?.type) return (a[i] ?? b[i])!.line
  return undefined
}

/** Inline nodes carry no position in commonmark.js: use their block's line. */
function lineOf(node: Node): number {
  for (let n: Node | null = node; n; n = n.parent) if (n.sourcepos) return n.sourcepos[0][0]
  return 1
}
