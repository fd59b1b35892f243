// Which paragraph line ends sit in prose, and which inside a code span, inline HTML or a link title: one probe parse.
import { outline } from './check-structure.js'
import { parseCommonMark, type CommonMarkNode } from './markdown-readings.js'
import type { ProbeMarkers } from './probe-markers.js'

/** `prose`: a line break; `literal`: inside a code span, inline HTML or a link title; `unknown`: the probe could not tell. */
export type InlineLineEnd = 'prose' | 'literal' | 'unknown'

/**
 * commonmark.js gives inline nodes no positions, so the question is put to the
 * parser itself: a marker goes at the end of each asked line (after its
 * trailing spaces, before its line feed), the copy is parsed once, and each
 * marker is looked for in the tree: in text it was prose, in code, HTML or a
 * link title it was not. A marker after the spaces changes no delimiter's
 * side; should it change the structure anyway (it can break a link whose
 * title starts on the next line), every answer is `unknown`.
 *
 * `starts` and `ends` are the lines' offsets in `text` (end: the LF).
 */
export function inlineLineEnds(
  text: string,
  asked: readonly number[],
  ends: readonly number[],
  original: CommonMarkNode,
  markers: ProbeMarkers | undefined,
): InlineLineEnd[] {
  const answers: InlineLineEnd[] = asked.map(() => 'unknown')
  if (!markers || asked.length === 0) return answers
  let probe = ''
  let last = 0
  asked.forEach((line, tag) => {
    probe += text.slice(last, ends[line]) + markers.mark(tag)
    last = ends[line]!
  })
  probe += text.slice(last)

  const document = parseCommonMark(probe)
  if (!sameOutline(outline(original), outline(document))) return answers
  const seen = asked.map(() => 0)
  const note = (value: string | null | undefined, answer: InlineLineEnd) =>
    markers.find(value ?? '', (tag) => {
      if (tag >= answers.length) return
      seen[tag]!++
      answers[tag] = answer
    })
  const walker = document.walker()
  for (let event = walker.next(); event; event = walker.next()) {
    if (!event.entering) continue
    const node = event.node
    switch (node.type) {
      case 'text':
        note(node.literal, 'prose')
        break
      case 'code':
      case 'html_inline':
      case 'code_block':
      case 'html_block':
        note(node.literal, 'literal')
        break
      case 'link':
      case 'image':
        note(node.destination, 'literal')
        note(node.title, 'literal')
        break
    }
  }
  return answers.map((answer, tag) => (seen[tag] === 1 ? answer : 'unknown'))
}

function sameOutline(a: ReturnType<typeof outline>, b: ReturnType<typeof outline>): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i]!.type !== b[i]!.type) return false
  return true
}
