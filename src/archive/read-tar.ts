// Reads a .tar.gz as strictly as the strictest extractor: POSIX ustar and pax only, checksums verified, one clear end.
import type { Outcome } from '../diagnostics/diagnostic.js'
import { ARCHIVE_LIMITS } from '../input-limits.js'
import { archiveProblem, atByte, decodeUtf8, type ArchiveLimits, type ArchiveMember } from './archive-member.js'
import { parsePaxRecords, type PaxOverrides } from './pax-records.js'
import { gunzipStrict } from './read-gzip.js'

const BLOCK = 512

/** Every member of a .tar.gz (see readTar), after a strict gunzip. */
export function readTarGz(bytes: Uint8Array, file: string, limits: ArchiveLimits = ARCHIVE_LIMITS): Outcome<ArchiveMember[]> {
  const tar = gunzipStrict(bytes, file, limits.maxUnpackedBytes)
  return tar.ok ? readTar(tar.value, file, limits) : tar
}

type Code = Parameters<typeof archiveProblem>[0]

/**
 * Every member of a tar, or the first reason extractors could disagree on
 * what it holds:
 *
 * - headers in POSIX ustar format (magic `ustar\0`, version `00`), each
 *   checksum verified; GNU and v7 headers, whose fields mean other things,
 *   are refused, as are base-256 numbers;
 * - pax extended headers (`x`) parsed as POSIX says (pax-records.ts), with
 *   `path` and `size` honoured for the next member; global headers (`g`),
 *   GNU long names (`L`, `K`) and two pax headers in a row are refused;
 * - the end: two zero blocks, then nothing but zeros (a lone zero block or
 *   data after the end is read by some tools and not others).
 *
 * Members are reported with their kind; non-files are verify's to refuse.
 */
export function readTar(data: Uint8Array, file: string, limits: ArchiveLimits = ARCHIVE_LIMITS): Outcome<ArchiveMember[]> {
  const fail = (code: Code, message: string) => archiveProblem<ArchiveMember[]>(code, message, file)
  const members: ArchiveMember[] = []
  let pax: PaxOverrides | undefined
  let unpacked = 0
  let headers = 0
  let at = 0
  for (;;) {
    if (at + BLOCK > data.length) return fail('MWP_ARCHIVE_INVALID', `the tar ends ${atByte(at)} without its end-of-archive marker (two zero blocks)`)
    const header = data.subarray(at, at + BLOCK)
    if (header.every((b) => b === 0)) {
      if (pax) return fail('MWP_ARCHIVE_INVALID', 'a pax header is followed by no member')
      const next = data.subarray(at + BLOCK, at + 2 * BLOCK)
      if (next.length < BLOCK) return fail('MWP_ARCHIVE_INVALID', `the tar ends ${atByte(at + BLOCK)} after a single zero block`)
      if (!next.every((b) => b === 0)) {
        return fail('MWP_ARCHIVE_AMBIGUOUS', `a lone zero block ${atByte(at)} is followed by more headers; some extractors stop there, others read on`)
      }
      const after = data.subarray(at + 2 * BLOCK).findIndex((b) => b !== 0)
      if (after !== -1) {
        return fail(
          'MWP_ARCHIVE_AMBIGUOUS',
          `data follows the end-of-archive marker (${atByte(at + 2 * BLOCK + after)}); extractors that skip zero blocks read it`,
        )
      }
      return { ok: true, value: members, diagnostics: [] }
    }
    if (++headers > 2 * limits.maxEntries) return fail('MWP_FILE_TOO_LARGE', `the tar has more than ${limits.maxEntries} members; a bundle has a handful`)

    const where = `the tar header ${atByte(at)}`
    const fields = readHeader(header, where)
    if (!fields.ok) return fail(fields.code, fields.message)
    const size = pax?.size ?? fields.size
    const type = fields.type
    const bodyStart = at + BLOCK
    if (type !== 'x') {
      unpacked += size
      if (unpacked > limits.maxUnpackedBytes)
        return fail('MWP_FILE_TOO_LARGE', `the archive expands to more than ${limits.maxUnpackedBytes} bytes; not a memo bundle`)
    } else if (size > limits.maxPaxHeaderBytes) {
      return fail('MWP_FILE_TOO_LARGE', `${where} is a pax header of ${size} bytes; verify reads at most ${limits.maxPaxHeaderBytes}`)
    }
    if (bodyStart + size > data.length) return fail('MWP_ARCHIVE_INVALID', `${where} declares ${size} bytes, past the end of the tar`)
    const body = data.subarray(bodyStart, bodyStart + size)
    at = bodyStart + Math.ceil(size / BLOCK) * BLOCK

    if (type === 'x') {
      if (pax) return fail('MWP_ARCHIVE_AMBIGUOUS', `${where} is a second pax header in a row; extractors differ on whether they merge`)
      const parsed = parsePaxRecords(body, where)
      if (!parsed.ok) return fail(parsed.code, parsed.message)
      pax = parsed.value
      continue
    }
    if (type === 'g') return fail('MWP_ARCHIVE_UNSUPPORTED', `${where} is a global pax header, which renames members for some extractors only`)
    if (type === 'L' || type === 'K')
      return fail('MWP_ARCHIVE_UNSUPPORTED', `${where} is a GNU long-name record (type ${type}); mwpack writes POSIX ustar only`)

    if ('123456'.includes(type) && size !== 0) {
      // Python's tarfile does not skip data behind links, devices and folders; GNU tar and bsdtar do.
      return fail('MWP_ARCHIVE_AMBIGUOUS', `${where} is a ${kindOf(type)} member with ${size} bytes of data; extractors differ on whether to skip them`)
    }
    const name = pax?.path ?? fields.name
    const owner = {
      uid: pax?.uid ?? fields.uid,
      gid: pax?.gid ?? fields.gid,
      userName: pax?.uname ?? fields.userName,
      groupName: pax?.gname ?? fields.groupName,
    }
    members.push({ name, kind: kindOf(type), mode: fields.mode, owner, bytes: type === '0' || type === '\0' ? body : new Uint8Array() })
    pax = undefined
  }
}

function kindOf(type: string): ArchiveMember['kind'] {
  if (type === '0' || type === '\0') return 'file'
  if (type === '5') return 'directory'
  if (type === '2') return 'symlink'
  if (type === '1') return 'hardlink'
  return 'other'
}

type HeaderFields =
  | { ok: true; name: string; size: number; mode: number; uid: number; gid: number; userName: string; groupName: string; type: string }
  | { ok: false; code: Code; message: string }

/** The fields of one ustar header, checksum first. */
function readHeader(header: Uint8Array, where: string): HeaderFields {
  const checksum = octal(header.subarray(148, 156))
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!
  if (checksum.kind !== 'number' || checksum.value !== sum) {
    return { ok: false, code: 'MWP_ARCHIVE_INVALID', message: `${where} has a bad checksum; GNU tar skips such a header, others stop or read on` }
  }
  if (Buffer.from(header.subarray(257, 265)).toString('latin1') !== 'ustar\u000000') {
    return { ok: false, code: 'MWP_ARCHIVE_UNSUPPORTED', message: `${where} is not a POSIX ustar header (GNU or v7 format, whose fields mean other things)` }
  }
  const numbers: Record<string, [number, number]> = { mode: [100, 8], uid: [108, 8], gid: [116, 8], size: [124, 12], mtime: [136, 12] }
  const values: Record<string, number> = {}
  for (const [key, [offset, width]] of Object.entries(numbers)) {
    const parsed = octal(header.subarray(offset, offset + width))
    if (parsed.kind === 'base-256') return { ok: false, code: 'MWP_ARCHIVE_UNSUPPORTED', message: `${where} writes its ${key} in GNU base-256, not octal` }
    if (parsed.kind === 'bad') return { ok: false, code: 'MWP_ARCHIVE_INVALID', message: `${where} has a ${key} field that is not octal` }
    values[key] = parsed.value
  }
  const stored = textField(header.subarray(0, 100))
  const prefix = textField(header.subarray(345, 500))
  const name = prefix === undefined || stored === undefined ? undefined : prefix.length > 0 ? `${prefix}/${stored}` : stored
  if (name === undefined) return { ok: false, code: 'MWP_ARCHIVE_INVALID', message: `${where} has a name that is not UTF-8` }
  const userName = textField(header.subarray(265, 297))
  const groupName = textField(header.subarray(297, 329))
  if (userName === undefined || groupName === undefined)
    return { ok: false, code: 'MWP_ARCHIVE_INVALID', message: `${where} has a user or group name that is not UTF-8` }
  return {
    ok: true,
    name,
    size: values.size!,
    mode: values.mode! & 0o7777,
    uid: values.uid!,
    gid: values.gid!,
    userName,
    groupName,
    type: String.fromCharCode(header[156]!),
  }
}

/** A NUL-terminated (or full-width) text field, strictly UTF-8. */
function textField(bytes: Uint8Array): string | undefined {
  const end = bytes.indexOf(0)
  return decodeUtf8(end === -1 ? bytes : bytes.subarray(0, end))
}

/** A numeric field: octal digits, optionally space-padded, ended by NUL or space (POSIX ustar). */
function octal(bytes: Uint8Array): { kind: 'number'; value: number } | { kind: 'base-256' } | { kind: 'bad' } {
  if ((bytes[0]! & 0x80) !== 0) return { kind: 'base-256' }
  const text = Buffer.from(bytes).toString('latin1')
  const match = /^ *([0-7]*)[ \0]*$/.exec(text)
  if (!match) return { kind: 'bad' }
  return { kind: 'number', value: match[1] === '' ? 0 : parseInt(match[1]!, 8) }
}
