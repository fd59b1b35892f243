// Line and column (both 1-based, columns in UTF-16 units as editors count them, a BOM not counted) of an offset in a text.
import type { SourcePosition } from './diagnostic.js'

/** The position of one offset (a scan of the text before it: for many offsets, use `textPositions`). */
export function positionInText(text: string, offset: number): SourcePosition {
  return textPositions(text)(offset)
}

/**
 * A position finder for many offsets in one text: the line starts are found
 * once, then each offset costs a binary search, so a memo with thousands of
 * diagnostics stays linear.
 */
export function textPositions(text: string): (offset: number) => SourcePosition {
  // A byte order mark is not a column: editors start line 1 after it.
  const starts = [text.startsWith('\uFEFF') ? 1 : 0]
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1)
  return (offset) => {
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (starts[middle]! <= offset) low = middle
      else high = middle - 1
    }
    return { line: low + 1, column: Math.max(1, offset - starts[low]! + 1) }
  }
}
