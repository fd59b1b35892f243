// POSIX pax extended-header records, parsed as tar does: length-prefixed, the last of a key wins, only keys that change nothing unseen.
import { decodeUtf8 } from './archive-member.js'

/** What a pax header says about the member after it, once checked. */
export interface PaxOverrides {
  path?: string
  size?: number
  /** The owner as pax states it; extractors run as root restore it, so verify judges it. */
  uid?: number
  gid?: number
  uname?: string
  gname?: string
}

export type PaxResult =
  { ok: true; value: PaxOverrides } | { ok: false; code: 'MWP_ARCHIVE_INVALID' | 'MWP_ARCHIVE_AMBIGUOUS' | 'MWP_ARCHIVE_UNSUPPORTED'; message: string }

/**
 * Keys whose value only describes the member (times, owner, a comment) and
 * how each must look. `path` and `size` are honoured, as every extractor
 * honours them; any other key (`linkpath`, `hdrcharset`, `GNU.sparse.*`,
 * `SCHILY.*`, `LIBARCHIVE.*`) makes some extractor write other names or
 * bytes, and is refused.
 */
const ALLOWED: Readonly<Record<string, RegExp>> = {
  path: /^[^]+$/,
  size: /^(?:0|[1-9][0-9]{0,14})$/,
  mtime: /^-?[0-9]{1,20}(?:\.[0-9]{1,20})?$/,
  atime: /^-?[0-9]{1,20}(?:\.[0-9]{1,20})?$/,
  ctime: /^-?[0-9]{1,20}(?:\.[0-9]{1,20})?$/,
  uid: /^[0-9]{1,20}$/,
  gid: /^[0-9]{1,20}$/,
  uname: /^[^]*$/,
  gname: /^[^]*$/,
  comment: /^[^]*$/,
}

/**
 * Parses the records of one `x` header (POSIX.1-2008, pax "extended header"):
 * each is `LENGTH key=value\n`, LENGTH counting the whole record in bytes.
 * A record is only ever read as a whole, so a `path=` inside another
 * record's value is that value, not a path. When a key repeats, the last
 * record wins, as POSIX says and GNU tar, bsdtar and Python do.
 */
export function parsePaxRecords(data: Uint8Array, where: string): PaxResult {
  const records = new Map<string, string>()
  let at = 0
  while (at < data.length) {
    const space = data.indexOf(0x20, at)
    const digits = space === -1 ? '' : Buffer.from(data.subarray(at, space)).toString('latin1')
    if (!/^[1-9][0-9]{0,9}$/.test(digits)) {
      return { ok: false, code: 'MWP_ARCHIVE_INVALID', message: `${where} has a pax record without a valid length at its byte ${at}` }
    }
    const end = at + Number(digits)
    if (end > data.length || data[end - 1] !== 0x0a || end <= space + 1) {
      return { ok: false, code: 'MWP_ARCHIVE_INVALID', message: `${where} has a pax record whose length (${digits}) does not end at its newline` }
    }
    const text = decodeUtf8(data.subarray(space + 1, end - 1))
    const equals = text?.indexOf('=') ?? -1
    if (text === undefined || equals <= 0) {
      return { ok: false, code: 'MWP_ARCHIVE_INVALID', message: `${where} has a pax record that is not UTF-8 "key=value" at its byte ${at}` }
    }
    records.set(text.slice(0, equals), text.slice(equals + 1))
    at = end
  }

  const value: PaxOverrides = {}
  for (const [key, text] of records) {
    const shape = Object.hasOwn(ALLOWED, key) ? ALLOWED[key] : undefined
    if (!shape) {
      return {
        ok: false,
        code: 'MWP_ARCHIVE_UNSUPPORTED',
        message: `${where} has the pax record ${JSON.stringify(key)}, which mwpack never writes and some extractor acts on`,
      }
    }
    if (text === '' && (key === 'path' || key === 'size')) {
      return { ok: false, code: 'MWP_ARCHIVE_AMBIGUOUS', message: `${where} has an empty pax ${key}, which POSIX reads as "unset" and Python as empty` }
    }
    if (!shape.test(text))
      return { ok: false, code: 'MWP_ARCHIVE_INVALID', message: `${where} has a malformed pax ${key} ${JSON.stringify(text.slice(0, 40))}` }
    if (key === 'path') value.path = text
    if (key === 'size') value.size = Number(text)
    if (key === 'uid' || key === 'gid') value[key] = Number(text)
    if (key === 'uname' || key === 'gname') value[key] = text
  }
  return { ok: true, value }
}
