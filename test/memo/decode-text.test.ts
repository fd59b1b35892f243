import { describe, expect, it } from 'vitest'
import { decodeText } from '../../src/memo/decode-text.js'

const decode = (bytes: number[]) => decodeText(new Uint8Array(bytes), 'memo.md', { what: 'memo' })

describe('reading memo bytes', () => {
  it('decodes UTF-8, keeping a BOM for the input hash', () => {
    expect(decode([0xef, 0xbb, 0xbf, 0x68, 0xc3, 0xa9])).toMatchObject({ ok: true, value: '\uFEFFhé' })
  })

  it.each([
    ['a Latin-1 byte', [0x61, 0x0a, 0x62, 0xe9, 0x0a], 3, { line: 2, column: 2 }],
    ['an overlong encoding', [0xc0, 0xaf], 0, { line: 1, column: 1 }],
    ['a UTF-16 surrogate', [0x41, 0xed, 0xa0, 0x80], 1, { line: 1, column: 2 }],
    ['a truncated sequence', [0x41, 0xe2, 0x82], 1, { line: 1, column: 2 }],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0, { line: 1, column: 1 }],
  ])('rejects %s with the offset of the first bad byte', (_, bytes, offset, position) => {
    const result = decode(bytes)
    expect(result.ok).toBe(false)
    expect(result.diagnostics[0]).toMatchObject({ code: 'MWP_FILE_NOT_UTF8', position })
    expect(result.diagnostics[0]!.message).toContain(`at offset ${offset}`)
  })

  it('calls a file with NUL bytes binary', () => {
    expect(decode([0x89, 0x50, 0x4e, 0x47, 0x00]).diagnostics[0]).toMatchObject({ code: 'MWP_FILE_BINARY' })
  })

  it('calls an empty file empty', () => {
    expect(decode([]).diagnostics[0]).toMatchObject({ code: 'MWP_FILE_EMPTY' })
  })
})
