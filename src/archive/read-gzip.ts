// Strict gunzip for verify: one gzip member, its CRC-32 and length checked, nothing after it.
import { crc32, inflateRawSync } from 'node:zlib'
import type { Outcome } from '../diagnostics/diagnostic.js'
import { archiveProblem } from './archive-member.js'

const FTEXT = 0x01
const FHCRC = 0x02
const FEXTRA = 0x04
const FNAME = 0x08
const FCOMMENT = 0x10

/**
 * The bytes of a gzip file (RFC 1952), refusing what readers treat
 * differently: an extra field or comment, an original file name that is
 * not a plain ASCII name (`gzip -N` writes it), reserved flag bits (gzip refuses them, others skip them), a
 * CRC-32 or length that does not match (Python and bsdtar do not check,
 * gzip does), a second member or trailing bytes (gzip warns, others read on
 * or stop). Inflation stops at `maxBytes`: the gzip-bomb guard.
 */
export function gunzipStrict(bytes: Uint8Array, file: string, maxBytes: number): Outcome<Uint8Array> {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const fail = (code: Parameters<typeof archiveProblem>[0], message: string) => archiveProblem<Uint8Array>(code, message, file)
  if (data.length < 18 || data[0] !== 0x1f || data[1] !== 0x8b) return fail('MWP_ARCHIVE_INVALID', 'not a gzip file')
  if (data[2] !== 8) return fail('MWP_ARCHIVE_UNSUPPORTED', `gzip compression method ${data[2]}; only deflate (8) exists`)
  const flags = data[3]!
  if ((flags & ~(FTEXT | FHCRC | FEXTRA | FNAME | FCOMMENT)) !== 0) {
    return fail(
      'MWP_ARCHIVE_INVALID',
      `the gzip header sets reserved flag bits (0x${flags.toString(16)}); gzip refuses such a file, other readers ignore the bits`,
    )
  }
  // mwpack writes none of these; gzip -N restores a stored name (a path in it is a name to write), and an
  // extra field or comment is read by some tools and skipped by others.
  if (flags & FEXTRA) return fail('MWP_ARCHIVE_UNSUPPORTED', 'the gzip header carries an extra field (FEXTRA); mwpack never writes one')
  if (flags & FCOMMENT) return fail('MWP_ARCHIVE_UNSUPPORTED', 'the gzip header carries a comment (FCOMMENT); mwpack never writes one')
  let at = 10
  if (flags & FNAME) {
    const end = endOfString(data, at)
    const name = data.subarray(at, end - 1).toString('latin1')
    const unfit = name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name) || /[^\x20-\x7e]/.test(name)
    if (unfit) {
      return fail(
        'MWP_ARCHIVE_UNSUPPORTED',
        `the gzip header names the original file ${JSON.stringify(name.slice(0, 60))}; gzip -N would write that name, and a bundle's may only be a plain printable ASCII file name`,
      )
    }
    at = end
  }
  if (flags & FHCRC) {
    if (at + 2 > data.length || data.readUInt16LE(at) !== (crc32(data.subarray(0, at)) & 0xffff))
      return fail('MWP_ARCHIVE_INVALID', 'the gzip header CRC does not match')
    at += 2
  }
  if (at >= data.length) return fail('MWP_ARCHIVE_INVALID', 'the gzip file ends inside its header')

  let inflated: { buffer: Buffer; engine: { bytesWritten: number } }
  try {
    inflated = inflateRawSync(data.subarray(at), { info: true, maxOutputLength: maxBytes }) as unknown as typeof inflated
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      return fail('MWP_FILE_TOO_LARGE', `the archive expands to more than ${maxBytes} bytes; not a memo bundle`)
    return fail('MWP_ARCHIVE_INVALID', `the gzip data cannot be inflated (${(e as Error).message})`)
  }
  at += inflated.engine.bytesWritten
  if (at + 8 > data.length) return fail('MWP_ARCHIVE_INVALID', 'the gzip file ends before its trailer')
  const out = inflated.buffer
  if (data.readUInt32LE(at) !== crc32(out) >>> 0)
    return fail('MWP_ARCHIVE_INVALID', "the gzip trailer's CRC-32 does not match the data; gzip refuses it, Python and bsdtar do not check")
  if (data.readUInt32LE(at + 4) !== out.length >>> 0) return fail('MWP_ARCHIVE_INVALID', "the gzip trailer's length does not match the data")
  at += 8
  if (at < data.length) {
    return data[at] === 0x1f && data[at + 1] === 0x8b
      ? fail('MWP_ARCHIVE_UNSUPPORTED', 'the file holds more than one gzip member; mwpack writes one')
      : fail('MWP_ARCHIVE_AMBIGUOUS', `${data.length - at} bytes follow the gzip trailer; gzip stops with an error there, other readers ignore them`)
  }
  return { ok: true, value: new Uint8Array(out.buffer, out.byteOffset, out.byteLength), diagnostics: [] }
}

/** The offset after a NUL-terminated header string (or past the end, which the caller reports). */
function endOfString(data: Buffer, at: number): number {
  const nul = data.indexOf(0, at)
  return nul === -1 ? data.length : nul + 1
}
