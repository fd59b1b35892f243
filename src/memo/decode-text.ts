// Strict UTF-8 decoding with the offset of the first bad byte.
import { error, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.js'

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

export interface DecodeOptions {
  /** What the text is, for messages: "memo", "cluster config". */
  what: string
}

/**
 * Bytes to text, strictly: invalid UTF-8 is an error naming the first bad
 * byte's offset, a NUL byte means the file is binary, and an empty file is
 * reported as such. A leading BOM is kept here (hashes are of the text as
 * written); normalization drops it.
 */
export function decodeText(bytes: Uint8Array, file: string, options: DecodeOptions): Outcome<string> {
  if (bytes.length === 0) {
    return fail(error('MWP_FILE_EMPTY', `the ${options.what} is empty`, { file }))
  }
  const nul = bytes.indexOf(0)
  if (nul !== -1) {
    return fail(
      error('MWP_FILE_BINARY', `the ${options.what} looks binary: NUL byte at offset ${nul}`, {
        file,
        position: positionOfByte(bytes, nul),
        hint: 'expected UTF-8 text',
      }),
    )
  }
  try {
    return { ok: true, value: decoder.decode(bytes), diagnostics: [] }
  } catch {
    const offset = firstInvalidUtf8(bytes)
    return fail(
      error(
        'MWP_FILE_NOT_UTF8',
        `the ${options.what} is not valid UTF-8: bad byte 0x${bytes[offset]?.toString(16).padStart(2, '0') ?? '??'} at offset ${offset}`,
        {
          file,
          position: positionOfByte(bytes, offset),
          hint: 'save the file as UTF-8',
        },
      ),
    )
  }
}

function fail(d: Diagnostic): Outcome<string> {
  return { ok: false, diagnostics: [d] }
}

/** Line and column (in bytes, a BOM not counted) of a byte offset, for editors that jump to it. */
function positionOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf && offset >= 3 ? 3 : 0
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates, at most U+10FFFF). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    if (b < 0x80) {
      i++
      continue
    }
    let need: number
    let min: number
    let max = 0xbf
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1
      min = 0x80
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      min = b === 0xe0 ? 0xa0 : 0x80
      if (b === 0xed) max = 0x9f
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      min = b === 0xf0 ? 0x90 : 0x80
      if (b === 0xf4) max = 0x8f
    } else {
      return i
    }
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]
      if (c === undefined) return i
      const lo = k === 1 ? min : 0x80
      const hi = k === 1 ? max : 0xbf
      if (c < lo || c > hi) return i
    }
    i += need + 1
  }
  return bytes.length
}
