import { describe, expect, it } from 'vitest'
import { parsePaxRecords } from '../../src/archive/pax-records.js'

/** One pax record, `LENGTH key=value\n`, its length counting itself. */
function record(key: string, value: string): string {
  const body = ` ${key}=${value}\n`
  let length = body.length + 1
  while (String(length).length + body.length !== length) length++
  return `${length}${body}`
}

describe('pax records', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])("refuses the key %s from Object's prototype as unsupported", (key) => {
    const result = parsePaxRecords(new TextEncoder().encode(record(key, '1')), 'member 1')
    expect(result).toEqual({
      ok: false,
      code: 'MWP_ARCHIVE_UNSUPPORTED',
      message: `member 1 has the pax record "${key}", which mwpack never writes and some extractor acts on`,
    })
  })

  it('still honours path and size', () => {
    expect(parsePaxRecords(new TextEncoder().encode(record('path', 'memo.md') + record('size', '12')), 'member 1')).toEqual({
      ok: true,
      value: { path: 'memo.md', size: 12 },
    })
  })
})
