// Finds the `{{ ... }}` references in a memo and maps them back to the memo as written.
import type { SourcePosition } from '../diagnostics/diagnostic.js'
import { textPositions } from '../diagnostics/text-position.js'

/**
 * A reference as written: `{{ name arg | format:digits }}` on one line. A
 * backslash before the braces (`\{{ nodes }}`) is Markdown's own escape: the
 * text stays literal and renders as `{{ nodes }}`.
 */
export interface Reference {
  /** Offset of the first `{`, in UTF-16 units. */
  start: number
  /** Offset just past the last `}`. */
  end: number
  /** What is between the braces, trimmed, `\|` read as `|`. */
  inner: string
}

const CANDIDATE = /\{\{([^{}\n]*)\}\}/g

/** Every `{{ ... }}` on one line that a backslash does not escape, in order. */
export function findReferences(text: string): Reference[] {
  const found: Reference[] = []
  for (const match of text.matchAll(CANDIDATE)) {
    let slashes = 0
    for (let i = match.index - 1; i >= 0 && text[i] === '\\'; i--) slashes++
    if (slashes % 2 === 1) continue
    // `\|` is a pipe: in a GFM table cell it must be written so, and everywhere it renders as `|`.
    found.push({ start: match.index, end: match.index + match[0].length, inner: match[1]!.replace(/\\\|/g, '|').trim() })
  }
  return found
}

/**
 * Where the k-th reference of `text` (the normalized memo) stands in
 * `original` (the memo as written, line endings made LF), for diagnostics.
 * Normalization keeps every reference and their order, so the k-th reference
 * here is the k-th there; when the counts differ, or there is no original,
 * positions are those in `text`.
 */
export function authorPositions(text: string, references: readonly Reference[], original: string | undefined): (k: number) => SourcePosition {
  const authored = original === undefined ? undefined : findReferences(original)
  if (authored !== undefined && authored.length === references.length) {
    const inOriginal = textPositions(original!)
    return (k) => inOriginal(authored[k]!.start)
  }
  const inText = textPositions(text)
  return (k) => inText(references[k]!.start)
}
