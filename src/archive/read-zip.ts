// Reads a zip as strictly as the strictest extractor: every byte accounted for, local headers equal to the central directory.
import { crc32, inflateRawSync } from 'node:zlib'
import type { Outcome } from '../diagnostics/diagnostic.js'
import { ARCHIVE_LIMITS } from '../input-limits.js'
import { archiveProblem, atByte, decodeUtf8, type ArchiveLimits, type ArchiveMember } from './archive-member.js'
import { checkExtraFields } from './zip-extra-fields.js'

const LOCAL = 0x04034b50
const CENTRAL = 0x02014b50
const END = 0x06054b50
const END_LENGTH = 22

/** UTF-8 names (bit 11); bits 1 and 2 only tune deflate. Everything else (encryption, descriptors, patches) mwpack never sets. */
const FLAG_UTF8 = 0x0800
const FLAG_DEFLATE_OPTIONS = 0x0006
const FLAG_ENCRYPTED = 0x0001 | 0x0040 | 0x2000
const FLAG_DESCRIPTOR = 0x0008

const STORED = 0
const DEFLATED = 8

/**
 * The highest "version needed to extract" a bundle may declare: 2.0, what
 * yazl writes and what stored and deflated entries need (APPNOTE 4.4.3).
 * Info-ZIP unzip 6.0 skips any entry above 4.6 while Python and bsdtar
 * extract it, so a higher value is refused rather than called intact.
 */
const MAX_VERSION_NEEDED = 20

interface CentralRecord {
  at: number
  madeBy: number
  versionNeeded: number
  flags: number
  method: number
  crc: number
  compressedSize: number
  size: number
  nameBytes: Buffer
  name: string
  external: number
  localOffset: number
}

/**
 * Every member of a zip, or the first reason extractors could disagree on
 * what it holds. The central directory (what Python's zipfile and seeking
 * readers use) and the local headers (what streaming readers use) must say
 * the same thing:
 *
 * - one end record, at the very end, no comment, no zip64, no other disks;
 * - entries that tile the file from byte 0 to the central directory, which
 *   runs straight into the end record: no byte that no entry covers, no two
 *   entries sharing bytes;
 * - each local header equal to its central record in name, version needed
 *   to extract (at most 2.0, as mwpack writes), flags, method, CRC-32 and
 *   sizes; no encryption, no data descriptors, stored or deflated;
 * - names in UTF-8 (flagged) or plain ASCII, never left to a code page;
 * - extra fields that only carry times or owners (zip-extra-fields.ts);
 * - data whose CRC-32 and sizes match, deflate streams that end exactly at
 *   their compressed size.
 *
 * Sizes are checked against `limits` before anything is inflated.
 */
export function readZip(bytes: Uint8Array, file: string, limits: ArchiveLimits = ARCHIVE_LIMITS): Outcome<ArchiveMember[]> {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const fail = (code: Parameters<typeof archiveProblem>[0], message: string, hint?: string) => archiveProblem<ArchiveMember[]>(code, message, file, hint)

  const endAt = data.length - END_LENGTH
  if (endAt < 0 || data.readUInt32LE(endAt) !== END) {
    const found = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
    if (found === -1) return fail('MWP_ARCHIVE_INVALID', 'not a zip: it has no end-of-central-directory record')
    return fail(
      'MWP_ARCHIVE_AMBIGUOUS',
      `the zip's end record is ${atByte(found)}, not at the end: a comment or trailing bytes follow it, and readers differ on where such a zip ends`,
    )
  }
  const disk = data.readUInt16LE(endAt + 4)
  const centralDisk = data.readUInt16LE(endAt + 6)
  const entriesOnDisk = data.readUInt16LE(endAt + 8)
  const entries = data.readUInt16LE(endAt + 10)
  const centralSize = data.readUInt32LE(endAt + 12)
  const centralOffset = data.readUInt32LE(endAt + 16)
  if (entries === 0xffff || centralSize === 0xffffffff || centralOffset === 0xffffffff) {
    return fail('MWP_ARCHIVE_UNSUPPORTED', 'the zip uses zip64 records; mwpack bundles are small and never need them')
  }
  if (disk !== 0 || centralDisk !== 0 || entriesOnDisk !== entries) return fail('MWP_ARCHIVE_UNSUPPORTED', 'the zip spans several disks')
  if (entries > limits.maxEntries) {
    return fail('MWP_FILE_TOO_LARGE', `the zip has ${entries} entries; a bundle has a handful, and verify reads at most ${limits.maxEntries}`)
  }
  if (centralOffset + centralSize !== endAt) {
    return fail(
      'MWP_ARCHIVE_AMBIGUOUS',
      `the central directory (${centralSize} bytes ${atByte(centralOffset)}) does not end where the end record starts (${atByte(endAt)}); the bytes between are read by some extractors only`,
    )
  }

  const records: CentralRecord[] = []
  let at = centralOffset
  for (let index = 0; index < entries; index++) {
    if (at + 46 > endAt || data.readUInt32LE(at) !== CENTRAL) {
      return fail('MWP_ARCHIVE_INVALID', `central record ${index + 1} of ${entries} is missing or damaged (${atByte(at)})`)
    }
    const nameLength = data.readUInt16LE(at + 28)
    const extraLength = data.readUInt16LE(at + 30)
    const commentLength = data.readUInt16LE(at + 32)
    const next = at + 46 + nameLength + extraLength + commentLength
    if (next > endAt) return fail('MWP_ARCHIVE_INVALID', `central record ${index + 1} runs past the central directory`)
    const nameBytes = data.subarray(at + 46, at + 46 + nameLength)
    const flags = data.readUInt16LE(at + 8)
    const name = decodeName(nameBytes, flags)
    const label = `entry ${index + 1} (${JSON.stringify(name ?? nameBytes.toString('latin1'))})`
    if (name === undefined) {
      return (flags & FLAG_UTF8) !== 0
        ? fail('MWP_ARCHIVE_INVALID', `${label} is flagged UTF-8 but its name is not UTF-8`)
        : fail('MWP_ARCHIVE_AMBIGUOUS', `${label} has a name that is neither ASCII nor flagged UTF-8; extractors decode it with different code pages`)
    }
    const record: CentralRecord = {
      at,
      madeBy: data.readUInt16LE(at + 4),
      versionNeeded: data.readUInt16LE(at + 6),
      flags,
      method: data.readUInt16LE(at + 10),
      crc: data.readUInt32LE(at + 16),
      compressedSize: data.readUInt32LE(at + 20),
      size: data.readUInt32LE(at + 24),
      nameBytes,
      name,
      external: data.readUInt32LE(at + 38),
      localOffset: data.readUInt32LE(at + 42),
    }
    const headerProblem = checkHeader(record, label)
    if (headerProblem) return fail(headerProblem.code, headerProblem.message)
    if (data.readUInt16LE(at + 34) !== 0) return fail('MWP_ARCHIVE_UNSUPPORTED', `${label} starts on another disk`)
    if (commentLength > 0) return fail('MWP_ARCHIVE_UNSUPPORTED', `${label} has a file comment; mwpack never writes one`)
    const extra = checkExtraFields(data.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), `${label}'s central record`)
    if (extra) return fail(extra.code, extra.message)
    records.push(record)
    at = next
  }
  if (at !== endAt) {
    return fail(
      'MWP_ARCHIVE_AMBIGUOUS',
      `the central directory holds ${endAt - at} bytes after its ${entries} records; readers differ on how many entries there are`,
    )
  }

  let declared = 0
  for (const record of records) {
    declared += record.size
    if (declared > limits.maxUnpackedBytes) {
      return fail('MWP_FILE_TOO_LARGE', `the zip expands to more than ${limits.maxUnpackedBytes} bytes; not a memo bundle`)
    }
  }

  // Entries in file order must tile [0, centralOffset): the first at byte 0, each right after the previous one's data.
  const members = new Map<CentralRecord, ArchiveMember>()
  const byOffset = [...records].sort((a, b) => a.localOffset - b.localOffset)
  let expected = 0
  for (const record of byOffset) {
    const label = `entry ${JSON.stringify(record.name)}`
    if (record.localOffset > expected) {
      return fail(
        'MWP_ARCHIVE_AMBIGUOUS',
        `bytes ${expected} to ${record.localOffset - 1} belong to no entry of the central directory; streaming extractors read them as entries of their own`,
      )
    }
    if (record.localOffset < expected) {
      return fail(
        'MWP_ARCHIVE_AMBIGUOUS',
        `${label} starts ${atByte(record.localOffset)}, inside the entry before it; overlapping entries unpack the same bytes twice`,
      )
    }
    const local = readLocal(data, record, label, centralOffset)
    if (!local.ok) return fail(local.code, local.message)
    const content = readData(data.subarray(local.dataStart, local.dataStart + record.compressedSize), record, label)
    if (!content.ok) return fail(content.code, content.message)
    members.set(record, { name: record.name, ...kindOf(record), bytes: content.bytes })
    expected = local.dataStart + record.compressedSize
  }
  if (expected !== centralOffset) {
    return fail(
      'MWP_ARCHIVE_AMBIGUOUS',
      `bytes ${expected} to ${centralOffset - 1}, after the last entry, belong to no entry of the central directory; streaming extractors read them as entries of their own`,
    )
  }
  // Members in central-directory order, as Python lists them.
  return { ok: true, value: records.map((r) => members.get(r)!), diagnostics: [] }
}

/** A name as extractors agree to read it: UTF-8 when flagged, else only if it is ASCII (CP437 and UTF-8 agree there). */
function decodeName(bytes: Buffer, flags: number): string | undefined {
  if ((flags & FLAG_UTF8) !== 0) return decodeUtf8(bytes)
  return bytes.every((b) => b < 0x80) ? bytes.toString('latin1') : undefined
}

type Problem = { code: Parameters<typeof archiveProblem>[0]; message: string }

/** Flags and method a central record may carry: only what a stored or deflated, unencrypted entry needs. */
function checkHeader(record: Pick<CentralRecord, 'versionNeeded' | 'flags' | 'method' | 'compressedSize' | 'size'>, label: string): Problem | undefined {
  if (record.versionNeeded > MAX_VERSION_NEEDED) {
    return {
      code: 'MWP_ARCHIVE_UNSUPPORTED',
      message: `${label} needs zip version ${versionText(record.versionNeeded)} to extract; mwpack writes ${versionText(MAX_VERSION_NEEDED)}, and Info-ZIP unzip skips entries above 4.6 that other extractors unpack`,
    }
  }
  if ((record.flags & FLAG_ENCRYPTED) !== 0) return { code: 'MWP_ARCHIVE_UNSUPPORTED', message: `${label} is encrypted` }
  if ((record.flags & FLAG_DESCRIPTOR) !== 0) {
    return {
      code: 'MWP_ARCHIVE_UNSUPPORTED',
      message: `${label} defers its sizes to a data descriptor (flag bit 3); mwpack never writes one, and streaming readers size the entry differently`,
    }
  }
  if (record.method !== STORED && record.method !== DEFLATED) {
    return { code: 'MWP_ARCHIVE_UNSUPPORTED', message: `${label} uses compression method ${record.method}; a bundle is stored or deflated` }
  }
  const allowed = FLAG_UTF8 | (record.method === DEFLATED ? FLAG_DEFLATE_OPTIONS : 0)
  if ((record.flags & ~allowed) !== 0) {
    return {
      code: 'MWP_ARCHIVE_UNSUPPORTED',
      message: `${label} sets general-purpose flags 0x${record.flags.toString(16)}; mwpack only sets the UTF-8 flag (0x800)`,
    }
  }
  if (record.method === STORED && record.compressedSize !== record.size) {
    return { code: 'MWP_ARCHIVE_INVALID', message: `${label} is stored but its sizes differ (${record.compressedSize} stored, ${record.size} declared)` }
  }
  return undefined
}

/** "2.0" for 20: the low byte of a version field is major * 10 + minor (APPNOTE 4.4.2); a high byte is shown raw. */
function versionText(version: number): string {
  return version > 0xff ? `0x${version.toString(16)}` : `${Math.floor(version / 10)}.${version % 10}`
}

/** The local header at the record's offset, which must repeat what the central record says. */
function readLocal(data: Buffer, record: CentralRecord, label: string, centralOffset: number): { ok: true; dataStart: number } | ({ ok: false } & Problem) {
  const at = record.localOffset
  if (at + 30 > centralOffset || data.readUInt32LE(at) !== LOCAL) {
    return { ok: false, code: 'MWP_ARCHIVE_INVALID', message: `${label} has no local header ${atByte(at)}` }
  }
  const nameLength = data.readUInt16LE(at + 26)
  const extraLength = data.readUInt16LE(at + 28)
  const dataStart = at + 30 + nameLength + extraLength
  if (dataStart + record.compressedSize > centralOffset) {
    return { ok: false, code: 'MWP_ARCHIVE_INVALID', message: `${label}'s data runs into the central directory` }
  }
  const localName = data.subarray(at + 30, at + 30 + nameLength)
  if (!localName.equals(record.nameBytes)) {
    return {
      ok: false,
      code: 'MWP_ARCHIVE_AMBIGUOUS',
      message: `${label}'s local header names it ${JSON.stringify(localName.toString('utf8'))}; extractors that read local headers would write that file instead`,
    }
  }
  const fields: [string, number, number][] = [
    ['version needed to extract', data.readUInt16LE(at + 4), record.versionNeeded],
    ['flags', data.readUInt16LE(at + 6), record.flags],
    ['compression method', data.readUInt16LE(at + 8), record.method],
    ['CRC-32', data.readUInt32LE(at + 14), record.crc],
    ['compressed size', data.readUInt32LE(at + 18), record.compressedSize],
    ['size', data.readUInt32LE(at + 22), record.size],
  ]
  for (const [field, local, central] of fields) {
    if (local !== central) {
      return {
        ok: false,
        code: 'MWP_ARCHIVE_AMBIGUOUS',
        message: `${label}'s local header gives ${field} ${local}, its central record ${central}; streaming and seeking extractors would read it differently`,
      }
    }
  }
  const extra = checkExtraFields(data.subarray(at + 30 + nameLength, dataStart), `${label}'s local header`)
  if (extra) return { ok: false, ...extra }
  return { ok: true, dataStart }
}

/** The entry's bytes, checked against its sizes and CRC-32; a deflate stream must use exactly its compressed size. */
function readData(stored: Buffer, record: CentralRecord, label: string): { ok: true; bytes: Uint8Array } | ({ ok: false } & Problem) {
  let bytes: Buffer = stored
  if (record.method === DEFLATED) {
    try {
      // One byte more than declared, so a stream that inflates to more is caught instead of cut.
      const inflated = inflateRawSync(stored, { info: true, maxOutputLength: record.size + 1 }) as unknown as {
        buffer: Buffer
        engine: { bytesWritten: number }
      }
      if (inflated.engine.bytesWritten !== stored.length) {
        return {
          ok: false,
          code: 'MWP_ARCHIVE_AMBIGUOUS',
          message: `${label}'s deflate stream ends after ${inflated.engine.bytesWritten} of its ${stored.length} compressed bytes; the rest is read by nobody`,
        }
      }
      bytes = inflated.buffer
    } catch (e) {
      const reason =
        (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE'
          ? `inflates to more than its declared ${record.size} bytes`
          : `cannot be inflated (${(e as Error).message})`
      return { ok: false, code: 'MWP_ARCHIVE_INVALID', message: `${label} ${reason}` }
    }
  }
  if (bytes.length !== record.size) {
    return { ok: false, code: 'MWP_ARCHIVE_INVALID', message: `${label} holds ${bytes.length} bytes, its headers say ${record.size}` }
  }
  const actual = crc32(bytes) >>> 0
  if (actual !== record.crc) {
    return {
      ok: false,
      code: 'MWP_ARCHIVE_INVALID',
      message: `${label}'s CRC-32 is 0x${actual.toString(16).padStart(8, '0')}, its headers say 0x${record.crc.toString(16).padStart(8, '0')}; extractors refuse it`,
    }
  }
  return { ok: true, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) }
}

const S_IFMT = 0o170000
const S_IFREG = 0o100000
const S_IFDIR = 0o040000
const S_IFLNK = 0o120000
const DOS_DIRECTORY = 0x10

/**
 * What extractors make of an entry. Unix modes (high 16 bits) are read
 * whatever the "made by" host says, and the MS-DOS directory bit too: an
 * entry is a file only if no reading of its attributes says otherwise.
 */
function kindOf(record: CentralRecord): Pick<ArchiveMember, 'kind' | 'mode'> {
  const unix = record.external >>> 16
  const type = unix & S_IFMT
  const mode = unix === 0 ? undefined : unix & 0o7777
  if (record.name.endsWith('/') || type === S_IFDIR || (record.external & DOS_DIRECTORY) !== 0) return { kind: 'directory', mode }
  if (type === S_IFLNK) return { kind: 'symlink', mode }
  if (type !== 0 && type !== S_IFREG) return { kind: 'other', mode }
  return { kind: 'file', mode }
}
