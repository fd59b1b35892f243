// Live numbers: `{{ nodes }}`, `{{ p_total_w | mw }}` and `{{ table sizing }}` in a memo, resolved from the report.
import MagicString from 'magic-string'
import type { ClusterReport } from '../cluster/size-cluster.js'
import { error, type Diagnostic } from '../diagnostics/diagnostic.js'
import { FILE_LIMITS, tooLargeDiagnostic } from '../input-limits.js'
import { positionInText, textPositions } from '../diagnostics/text-position.js'
import { addsOnlyWords, type PlacedValue } from './adds-only-words.js'
import { paragraphInteriors, structureShift } from './check-structure.js'
import { referenceEvaluator } from './evaluate-reference.js'
import { authorPositions, findReferences } from './find-references.js'
import { basename } from './memo-name.js'
import { citeFrontMatter, citesFrontMatter } from './cite-front-matter.js'
import { readFrontMatter, splitFrontMatter } from './front-matter.js'
import { normalizeMemo } from './normalize-memo.js'
import { placeReferences, type Place } from './place-references.js'

export { findReferences, type Reference } from './find-references.js'

export interface ResolvedMemo {
  markdown: string
  /**
   * Source map (v3, JSON) from the resolved memo back to the memo as written;
   * undefined when nothing was resolved. Made on first use and kept: only a
   * rendered page reads it, so a build that never renders one never pays for it.
   */
  readonly map: string | undefined
  /** References resolved, in order. */
  resolved: number
  diagnostics: Diagnostic[]
}

/** Each reference needs a private-use character of its own while its place is found (see place-references.ts). */
const MAX_REFERENCES = 4000

/**
 * Resolves the references that sit in prose: report figures and tables, and
 * `{{ meta.FIELD }}`, a field of the memo's own front matter (which needs no
 * config). References inside code spans, code blocks, HTML and link
 * destinations stay as written: where they sit is decided by the CommonMark
 * parser, not by pattern matching (`placeReferences`). Front matter that does
 * not read as YAML fields is an error at its line and column, references or not.
 *
 * `text` is the normalized memo; `file` names it in diagnostics and in the
 * source map; `report` is undefined when the memo has no cluster config;
 * `original` (the memo as written, line endings made LF) places diagnostics.
 */
export function resolveReferences(text: string, file: string, report: ClusterReport | undefined, original?: string): ResolvedMemo {
  const unchanged = (diagnostics: Diagnostic[]): ResolvedMemo => ({ markdown: text, map: undefined, resolved: 0, diagnostics })
  const frontMatterRead = readFrontMatter(text, file)
  if (!frontMatterRead.ok) return unchanged(frontMatterRead.diagnostics)
  const references = findReferences(text)
  if (references.length === 0) return unchanged([])

  if (references.length > MAX_REFERENCES) {
    return unchanged([
      error('MWP_MEMO_REFERENCE', `the memo has ${references.length} references; mwpack resolves at most ${MAX_REFERENCES} in one memo`, {
        file,
        position: positionInText(text, references[MAX_REFERENCES]!.start),
        hint: 'split the memo, or use a {{ table ... }} for long lists of figures',
      }),
    ])
  }
  const positionOf = authorPositions(text, references, original)
  // Front matter is YAML, not Markdown: kept as written, its braces included. The body is placed on its own.
  const { frontMatter, lines: frontMatterLines } = splitFrontMatter(text)
  const offset = frontMatter.length
  const inBody = references.flatMap((ref, k) => (ref.start >= offset ? [k] : []))
  const placement = placeReferences(
    text.slice(offset),
    inBody.map((k) => ({ ...references[k]!, start: references[k]!.start - offset, end: references[k]!.end - offset })),
  )
  if (!placement.ok) return unchanged([error('MWP_MEMO_REFERENCE', placement.message, { file, position: positionOf(inBody[0] ?? 0), hint: placement.hint })])
  if (placement.problems.length > 0)
    return unchanged(placement.problems.map((p) => error('MWP_MEMO_REFERENCE', p.message, { file, position: positionOf(inBody[p.index]!), hint: p.hint })))
  const { probe } = placement
  const places: Place[] = references.map(() => 'literal')
  inBody.forEach((k, j) => (places[k] = placement.places[j]!))
  const live = references.flatMap((_, k) => (places[k] === 'literal' ? [] : [k]))
  if (live.length === 0) return unchanged([])

  const citesReport = live.filter((k) => !citesFrontMatter(references[k]!.inner))
  if (!report && citesReport.length > 0) {
    const first = references[citesReport[0]!]!
    return unchanged([
      error(
        'MWP_MEMO_NEEDS_CONFIG',
        `the memo uses {{ ${first.inner} }}${citesReport.length > 1 ? ` and ${citesReport.length - 1} more reference(s)` : ''}, but it has no cluster config to take numbers from`,
        { file, position: positionOf(citesReport[0]!), hint: 'add NAME.cluster.json or cluster.json beside the memo, or pass --config' },
      ),
    ])
  }

  const diagnostics: Diagnostic[] = []
  const s = new MagicString(text)
  const evaluateFigure = report ? referenceEvaluator(report) : undefined
  const lineOf = textPositions(text)
  /** 0-based lines of the table directives: each paragraph there becomes a table in GFM. */
  const directives = new Set<number>()
  // Tables make a memo grow: stop as soon as it would pass the limit verify reads, not after building it.
  let resolvedBytes = Buffer.byteLength(text)
  const placed: PlacedValue[] = []
  for (const k of live) {
    const ref = references[k]!
    const value = citesFrontMatter(ref.inner)
      ? citeFrontMatter(ref.inner, frontMatterRead.value, startsBlock(text, ref.start))
      : evaluateFigure!(ref, places[k] === 'block')
    if (!value.ok) {
      for (const d of value.diagnostics) diagnostics.push({ ...d, message: `{{ ${ref.inner} }}: ${d.message}`, file, position: positionOf(k) })
      continue
    }
    resolvedBytes += Buffer.byteLength(value.value) - Buffer.byteLength(text.slice(ref.start, ref.end))
    if (resolvedBytes > FILE_LIMITS.memoBytes) {
      return unchanged([
        {
          ...tooLargeDiagnostic('memo with its live numbers resolved', file, resolvedBytes, FILE_LIMITS.memoBytes),
          position: positionOf(k),
          hint: `{{ ${ref.inner} }} takes it past the limit; cite fewer or smaller tables`,
        },
      ])
    }
    const block = places[k] === 'block' && value.value.includes('\n')
    const line = lineOf(ref.start).line - 1 - frontMatterLines
    if (block) directives.add(line)
    const written = block ? insideContainer(text, ref.start, value.value) : value.value
    s.overwrite(ref.start, ref.end, written)
    placed.push({ start: ref.start, end: ref.end, value: written, block, line })
  }
  if (diagnostics.length > 0) return unchanged(diagnostics)

  // Normal form is decided on the memo as it is written to memo.md, numbers in: trailing
  // spaces after `{{ nodes }}` are a hard break that may only become `\` once the reference
  // reads `451`, a plain word. Normalizing again keeps the rendering (normalizeMemo checks
  // it) and touches only line ends, so the line-level source map still holds.
  const markdown = normalizeMemo(s.toString())
  // Values that provably add only words need no proof by parsing; the rule says so for most
  // memos, and where it cannot tell, the resolved body is parsed in both readings and compared.
  const shiftedInBody = addsOnlyWords(text, offset, placed, paragraphInteriors(probe)) ? undefined : structureShift(probe, directives, markdown.slice(offset))
  const shifted = shiftedInBody === undefined ? undefined : shiftedInBody + frontMatterLines
  if (shifted !== undefined) {
    return unchanged([
      error('MWP_MEMO_REFERENCE', `a resolved value changes the memo's structure near line ${shifted}`, {
        file,
        position: { line: shifted, column: 1 },
        hint: 'a value next to Markdown punctuation can open a list, emphasis or a link; put a word or a space beside it',
      }),
    ])
  }
  return withLazyMap({ markdown, resolved: live.length, diagnostics }, s, file)
}

/**
 * The resolved memo with its source map made on first read. Made here, not
 * inside resolveReferences, so the getter keeps only the edits and the file
 * name alive, never the parse trees that function also holds.
 */
function withLazyMap(memo: Omit<ResolvedMemo, 'map'>, s: MagicString, file: string): ResolvedMemo {
  let map: string | undefined
  return {
    ...memo,
    get map() {
      // Line-level mappings are all the renderer needs (which author line a block came from).
      return (map ??= `${JSON.stringify(s.generateMap({ source: basename(file), file: 'memo.md', includeContent: true }))}\n`)
    },
  }
}

/**
 * A block value (a table) written where a directive stands alone: its first
 * line takes the directive's place, and every further line gets what stands
 * before the directive on its line, with list markers turned to spaces: a
 * blockquote's `> ` and a list item's indent, so the table stays inside its
 * container (a table, unlike a paragraph, has no lazy continuation lines).
 */
function insideContainer(text: string, start: number, value: string): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1
  const continuation = text.slice(lineStart, start).replace(/[^>\s]/g, ' ')
  return value.split('\n').join(`\n${continuation}`)
}

/** Whether only white space, `>` and list markers stand before `start` on its line: text there starts a block. */
function startsBlock(text: string, start: number): boolean {
  const before = text.slice(text.lastIndexOf('\n', start - 1) + 1, start)
  return /^(?:[ \t]*(?:>|[-+*]|\d{1,9}[.)])(?=[ \t]|$))*[ \t]*$/.test(before)
}
