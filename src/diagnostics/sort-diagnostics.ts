// Orders diagnostics as they appear in the file: top to bottom, ties in the order found.
import type { Diagnostic } from './diagnostic.js'

/** Top to bottom, left to right; diagnostics without a position first; a stable sort, so ties keep their order. */
export function sortByPosition(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const pa = a.d.position ?? { line: 0, column: 0 }
      const pb = b.d.position ?? { line: 0, column: 0 }
      return pa.line - pb.line || pa.column - pb.column || a.i - b.i
    })
    .map((x) => x.d)
}
