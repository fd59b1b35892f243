// Line and column (both 1-based, columns in UTF-16 units as editors count them) of an offset in a text.
import type { SourcePosition } from './diagnostic.js'

export function positionInText(text: string, offset: number): SourcePosition {
  const before = text.slice(0, offset)
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') }
}
