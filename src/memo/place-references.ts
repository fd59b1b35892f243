// Decides where each reference sits, as both readings see it: prose, a paragraph of its own, or literal text.
import { parseCommonMark, parseGfm, type CommonMarkNode, type GfmToken } from './markdown-readings.js'
import type { Reference } from './find-references.js'
import { probeMarkers, type ProbeMarkers } from './probe-markers.js'

/** `inline`: in prose; `block`: a whole paragraph on its own; `literal`: code, HTML, a link destination, or nowhere. */
export type Place = 'inline' | 'block' | 'literal'

/** A reference that cannot be placed safely: the resolver reports it, never guesses. */
export interface PlacementProblem {
  index: number
  message: string
  hint: string
}

export type Placement =
  | { ok: true; places: Place[]; problems: PlacementProblem[]; probe: { commonmark: CommonMarkNode; gfm: GfmToken[] } }
  | { ok: false; message: string; hint: string }

/** One reading's view of one reference. */
interface Seen {
  prose: boolean
  literal: boolean
  alone: boolean
  /** Inline tokens (GFM table cells) it was found in. */
  spans: Set<number>
  /** Markers of it found (its name, format and arguments each carry one). */
  count: number
}

/**
 * Where each reference sits, as CommonMark (commonmark.js) and GFM
 * (markdown-it) read the memo. Neither gives inline nodes positions, so each
 * reference's name is swapped for a private-use marker of its own (spaces,
 * `|` and `\` kept, so no delimiter and no table cell changes), the copy is
 * parsed in both readings, and the markers are looked for: in text a
 * reference is prose (`block` when it is a whole paragraph), in code, HTML, a
 * link destination or an autolinked URL it is literal. Where the readings
 * disagree, or a GFM table cell border cuts a reference, that is a problem to
 * report, not a guess. Too many private-use characters in the memo to make
 * markers is an error, never a silent "literal": placement fails closed.
 */
export function placeReferences(text: string, references: readonly Reference[]): Placement {
  const markers = probeMarkers(text)
  if (!markers)
    return {
      ok: false,
      message: 'the memo uses so many private-use characters (over 137,000 distinct ones) that its live numbers cannot be placed',
      hint: 'remove private-use characters from the memo',
    }
  let probe = ''
  let last = 0
  const expected = references.map(() => 0)
  references.forEach((ref, i) => {
    const inner = text.slice(ref.start + 2, ref.end - 2).replace(/[^\s|\\]+/g, () => {
      expected[i]!++
      return markers.mark(i)
    })
    probe += `${text.slice(last, ref.start)}{{${inner}}}`
    last = ref.end
  })
  probe += text.slice(last)

  const commonmark = parseCommonMark(probe)
  const gfm = parseGfm(probe)
  const cm = seenInCommonMark(commonmark, markers, references.length)
  const gh = seenInGfm(gfm, markers, references.length)
  const problems: PlacementProblem[] = []
  const places = references.map((ref, i): Place => {
    const a = place(cm[i]!)
    const b = place(gh[i]!)
    // Cut by a cell border: found in two cells, or its tail dropped as a cell past the header's.
    if (gh[i]!.spans.size > 1 || (gh[i]!.prose && gh[i]!.count !== expected[i])) {
      problems.push({
        index: i,
        message: `{{ ${ref.inner} }}: a GFM table cell border (|) cuts this reference in two`,
        hint: 'inside a table, write its | as \\|: {{ p_total_w \\| mw }}',
      })
      return 'literal'
    }
    if ((a === 'literal') !== (b === 'literal')) {
      problems.push({
        index: i,
        message: `{{ ${ref.inner} }}: CommonMark reads this as ${a === 'literal' ? 'code, HTML or a link' : 'text'} and GitHub-flavoured Markdown as ${b === 'literal' ? 'part of a link (an autolinked URL) or code' : 'text'}`,
        hint: 'put a space between it and a URL, or write the URL as <https://...>; \\{{ keeps it literal',
      })
      return 'literal'
    }
    return a === 'block' && b === 'block' ? 'block' : a === 'literal' ? 'literal' : 'inline'
  })
  return { ok: true, places, problems, probe: { commonmark, gfm } }
}

function place(seen: Seen): Place {
  if (!seen.prose || seen.literal) return 'literal'
  return seen.alone ? 'block' : 'inline'
}

const fresh = (count: number): Seen[] =>
  Array.from({ length: count }, () => ({ prose: false, literal: false, alone: false, spans: new Set<number>(), count: 0 }))
const WHOLE = /^\{\{[^{}]*\}\}$/

function seenInCommonMark(document: CommonMarkNode, markers: ProbeMarkers, count: number): Seen[] {
  const seen = fresh(count)
  const note = (value: string | null | undefined, key: 'prose' | 'literal' | 'alone') =>
    markers.find(value ?? '', (i) => {
      if (i < count) seen[i]![key] = true
    })
  const walker = document.walker()
  for (let event = walker.next(); event; event = walker.next()) {
    if (!event.entering) continue
    const node = event.node
    switch (node.type) {
      case 'text':
        note(node.literal, 'prose')
        if (node.parent?.type === 'paragraph' && !node.prev && !node.next && WHOLE.test(node.literal ?? '')) note(node.literal, 'alone')
        break
      case 'code':
      case 'code_block':
      case 'html_inline':
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
  return seen
}

function seenInGfm(tokens: readonly GfmToken[], markers: ProbeMarkers, count: number): Seen[] {
  const seen = fresh(count)
  const note = (value: string | null | undefined, key: 'prose' | 'literal' | 'alone', span?: number) =>
    markers.find(value ?? '', (i) => {
      if (i >= count) return
      seen[i]![key] = true
      if (key !== 'alone') seen[i]!.count++
      if (span !== undefined) seen[i]!.spans.add(span)
    })
  tokens.forEach((token, t) => {
    if (token.type === 'fence' || token.type === 'code_block' || token.type === 'html_block') note(token.content, 'literal')
    if (token.type !== 'inline' || !token.children) return
    const children = token.children
    if (tokens[t - 1]?.type === 'paragraph_open' && children.length === 1 && children[0]!.type === 'text' && WHOLE.test(children[0]!.content))
      note(children[0]!.content, 'alone')
    let autolink = 0
    let afterAutolink = false
    for (const child of children) {
      // GitHub extends an autolinked URL through every character up to a space or `<`, braces
      // included; markdown-it stops at `{`. A reference glued to a URL is part of it on GitHub.
      const glued = afterAutolink
      afterAutolink = child.type === 'link_close' && child.markup === 'linkify'
      switch (child.type) {
        case 'text':
          if (glued && child.content.startsWith('{{')) {
            const end = child.content.indexOf('}}') + 2
            note(child.content.slice(0, end), 'literal', t)
            note(child.content.slice(end), 'prose', t)
          } else note(child.content, autolink > 0 ? 'literal' : 'prose', t)
          break
        case 'code_inline':
        case 'html_inline':
          note(child.content, 'literal', t)
          break
        case 'link_open':
          if (child.markup === 'linkify' || child.markup === 'autolink') autolink++
          note(String(child.attrGet('href') ?? ''), 'literal', t)
          note(String(child.attrGet('title') ?? ''), 'literal', t)
          break
        case 'link_close':
          if (child.markup === 'linkify' || child.markup === 'autolink') autolink--
          break
        case 'image':
          note(String(child.attrGet('src') ?? ''), 'literal', t)
          note(String(child.attrGet('title') ?? ''), 'literal', t)
          note(child.content, 'prose', t)
          break
      }
    }
  })
  return seen
}
