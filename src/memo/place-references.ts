// Decides where each reference sits, as the Markdown parser sees it: prose, a paragraph of its own, or literal text.
import { Parser, type Node } from 'commonmark'
import { outline, type Outline } from './check-structure.js'
import type { Reference } from './find-references.js'

/** `inline`: in prose; `block`: a whole paragraph on its own; `literal`: code, HTML, a link destination, or nowhere. */
export type Place = 'inline' | 'block' | 'literal'

/**
 * Where each reference sits, as the CommonMark reference parser sees the
 * document. Each reference's name is swapped for a private-use character of
 * its own (braces, spaces and `|` kept, so no delimiter changes side), the
 * document is parsed, and the characters are looked for in the tree: in a
 * text node the reference is prose ('block' when it is a whole paragraph),
 * anywhere else (code, HTML, a link destination) or nowhere it is literal.
 *
 * Also returns the document's outline: the probe keeps the document's
 * structure (names swapped for letters of the same class), so one parse
 * serves both questions.
 */
export function placeReferences(text: string, references: readonly Reference[]): { places: Place[]; outline: Outline } {
  const marks = privateUseCharacters(text, references.length)
  if (!marks) return { places: references.map(() => 'literal'), outline: outline(new Parser().parse(text)) }
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
