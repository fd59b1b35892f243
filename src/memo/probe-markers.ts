// Private-use markers: tags a parser treats as plain letters, put into a copy of the memo to see where the parser puts each one.
/**
 * A marker is a sentinel and three digits (base 256), all private-use
 * characters the memo does not use: 16,777,216 distinct tags. Private-use
 * characters are neither punctuation nor whitespace to CommonMark, so a
 * marker changes no delimiter's side and starts or ends no construct.
 */
export interface ProbeMarkers {
  /** The marker of tag `id` (0 to 16,777,215). */
  mark(id: number): string
  /** Calls `found` with the tag of every marker in `text`, in order. */
  find(text: string, found: (id: number) => void): void
}

const DIGITS = 256
export const MAX_PROBE_TAGS = DIGITS ** 3

/** A private-use character of the BMP, or the high surrogate of one in planes 15 and 16. */
const PRIVATE_USE = /[\uE000-\uF8FF\uDB80-\uDBFF]/

/** The private-use ranges: the BMP's, then planes 15 and 16. */
const RANGES: ReadonlyArray<readonly [number, number]> = [
  [0xe000, 0xf8ff],
  [0xf0000, 0xffffd],
  [0x100000, 0x10fffd],
]

/**
 * Markers for a text, or undefined when the text uses so many private-use
 * characters (over 137,000 distinct ones) that 257 unused ones cannot be
 * found. Callers fail closed on undefined: no probe, no guess.
 */
export function probeMarkers(text: string): ProbeMarkers | undefined {
  const used = new Set<number>()
  // Most memos hold no private-use character at all (planes 15 and 16 start with surrogates DB80 to DBFF): skip the scan.
  for (let i = PRIVATE_USE.test(text) ? 0 : text.length; i < text.length; i++) {
    const code = text.codePointAt(i)!
    if (code > 0xffff) i++
    if ((code >= 0xe000 && code <= 0xf8ff) || code >= 0xf0000) used.add(code)
  }
  const alphabet: string[] = []
  for (const [from, to] of RANGES) {
    for (let code = from; code <= to && alphabet.length <= DIGITS; code++) if (!used.has(code)) alphabet.push(String.fromCodePoint(code))
  }
  if (alphabet.length <= DIGITS) return undefined
  const sentinel = alphabet[DIGITS]!
  const digitOf = new Map(alphabet.slice(0, DIGITS).map((ch, i) => [ch, i]))
  return {
    mark: (id) => sentinel + alphabet[Math.floor(id / DIGITS ** 2) % DIGITS]! + alphabet[Math.floor(id / DIGITS) % DIGITS]! + alphabet[id % DIGITS]!,
    find(value, found) {
      for (let at = value.indexOf(sentinel); at !== -1; at = value.indexOf(sentinel, at + 1)) {
        let id = 0
        let i = at + sentinel.length
        let digits = 0
        for (; digits < 3 && i < value.length; digits++) {
          const ch = String.fromCodePoint(value.codePointAt(i)!)
          const digit = digitOf.get(ch)
          if (digit === undefined) break
          id = id * DIGITS + digit
          i += ch.length
        }
        if (digits === 3) found(id)
      }
    },
  }
}
