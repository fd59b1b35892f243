// Writes the hostile-archive corpus in fixtures/hostile-archives: the same bytes on every run and machine.
//
// Each case is a small bundle (a memo and its MANIFEST.json) written byte by
// byte, so it can carry what no zip or tar library writes: local headers that
// disagree with the central directory, hidden entries, renaming extra fields,
// pax records that contradict each other. `cases.json` says what `mwpack verify`
// must answer for each; test/archive/extractor-agreement.test.ts checks that
// answer and compares it with what Python, bsdtar, unzip and GNU tar extract.
// A test also regenerates the corpus in memory and compares it with the files,
// so the fixtures cannot drift from this script: `node scripts/hostile-archives.mjs`.
// The fuzz suite (test/fuzz/) builds random archives with the same writers.
//
// No zlib output is stored (its bytes differ between zlib builds): deflate
// streams and gzip bodies are written as stored blocks by hand.
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { crc32 } from 'node:zlib'

export const FOLDER = 'fixtures/hostile-archives'

const MEMO = '# Memo\n\nText.\n'
const TAMPERED = '# Memo\n\nTampered.\n'

/** The canonical MANIFEST.json for a memo-only bundle holding `files` (path -> text). */
export function manifest(files) {
  const sha = (text) => createHash('sha256').update(text).digest('hex')
  const document = {
    schema_version: 'mwpack.manifest/v1',
    name: 'hostile',
    source_date_epoch: 0,
    tool: { name: 'mwpack', version: '0.1.0' },
    inputs: { memo: { path: 'hostile.memo.md', sha256: sha(MEMO) }, config: null },
    files: Object.entries(files)
      .sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
      .map(([path, text]) => ({ path, sha256: sha(text), size: Buffer.byteLength(text) })),
  }
  return `${JSON.stringify(document, null, 2)}\n`
}

/** The entries of an honest bundle: the manifest first, then the files it lists. */
export function bundle(files = { 'memo.md': MEMO }) {
  return [{ name: 'MANIFEST.json', data: manifest(files) }, ...Object.entries(files).map(([name, data]) => ({ name, data }))]
}

const u16 = (n) => {
  const b = Buffer.alloc(2)
  b.writeUInt16LE(n)
  return b
}
const u32 = (n) => {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(n >>> 0)
  return b
}

/** One extra-field record: id, length, data. */
export function extraField(id, data) {
  return Buffer.concat([u16(id), u16(data.length), data])
}

/** Info-ZIP Unicode Path (0x7075): version 1, CRC-32 of the header's name, then the UTF-8 name extractors should use. */
function unicodePath(headerName, name) {
  return extraField(0x7075, Buffer.concat([Buffer.from([1]), u32(crc32(Buffer.from(headerName))), Buffer.from(name)]))
}

/** A deflate stream of stored blocks (RFC 1951, BTYPE 00): valid method 8 data with the same bytes on every zlib. */
function deflateStored(data) {
  const parts = []
  for (let at = 0; at === 0 || at < data.length; at += 0xffff) {
    const chunk = data.subarray(at, at + 0xffff)
    const last = at + 0xffff >= data.length
    parts.push(Buffer.from([last ? 1 : 0]), u16(chunk.length), u16(~chunk.length & 0xffff), chunk)
  }
  return Buffer.concat(parts)
}

/**
 * A zip written field by field. Each entry may override what its local header
 * and its central record say (`local`, `central`), be `hidden` (a local entry
 * with no central record), or point its central record at another entry's
 * local header (`centralOnly` with `central.offset`). `prefix`, `gaps`, `beforeCentral`, `beforeEnd`,
 * `trailing` and `comment` insert bytes where a zip should have none.
 */
export function zip(entries, options = {}) {
  const locals = []
  const records = []
  let offset = options.prefix?.length ?? 0
  const offsets = []
  entries.forEach((entry, index) => {
    const name = Buffer.from(entry.name, entry.nameEncoding ?? 'utf8')
    const data = Buffer.from(entry.data ?? '')
    const method = entry.method ?? 0
    const stored = method === 8 ? deflateStored(data) : data
    const base = {
      version: 20,
      flags: 0x0800,
      method,
      time: 0,
      date: 0x21, // 1980-01-01
      crc: crc32(data) >>> 0,
      compressedSize: stored.length,
      size: data.length,
      name,
      extra: Buffer.alloc(0),
    }
    const local = { ...base, ...entry.both, ...entry.local }
    const central = { ...base, madeBy: 0x031e, external: (0o100644 << 16) >>> 0, comment: Buffer.alloc(0), ...entry.both, ...entry.central }
    if (options.gaps?.[index]) {
      locals.push(options.gaps[index])
      offset += options.gaps[index].length
    }
    offsets.push(offset)
    if (entry.centralOnly) {
      records.push({ central, index })
      return
    }
    const header = Buffer.concat([
      u32(0x04034b50),
      u16(local.version),
      u16(local.flags),
      u16(local.method),
      u16(local.time),
      u16(local.date),
      u32(local.crc),
      u32(local.compressedSize),
      u32(local.size),
      u16(local.name.length),
      u16(local.extra.length),
      local.name,
      local.extra,
    ])
    const body = entry.body ?? stored
    locals.push(header, body)
    offset += header.length + body.length
    if (entry.hidden) return
    records.push({ central, index })
  })
  const cd = Buffer.concat(
    records.map(({ central, index }) =>
      Buffer.concat([
        u32(0x02014b50),
        u16(central.madeBy),
        u16(central.version),
        u16(central.flags),
        u16(central.method),
        u16(central.time),
        u16(central.date),
        u32(central.crc),
        u32(central.compressedSize),
        u32(central.size),
        u16(central.name.length),
        u16(central.extra.length),
        u16(central.comment.length),
        u16(0),
        u16(0),
        u32(central.external),
        u32((central.offset ?? offsets[index]) - (options.offsetsFromZero ? (options.prefix?.length ?? 0) : 0)),
        central.name,
        central.extra,
        central.comment,
      ]),
    ),
  )
  const beforeCentral = options.beforeCentral ?? Buffer.alloc(0)
  const cdOffset = offset + beforeCentral.length
  const beforeEnd = options.beforeEnd ?? Buffer.alloc(0)
  const comment = Buffer.from(options.comment ?? '')
  const count = options.endCount ?? records.length
  const end = Buffer.concat([
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(count),
    u16(count),
    u32(cd.length),
    u32(cdOffset - (options.offsetsFromZero ? (options.prefix?.length ?? 0) : 0)),
    u16(comment.length),
    comment,
  ])
  return Buffer.concat([options.prefix ?? Buffer.alloc(0), ...locals, beforeCentral, cd, beforeEnd, end, options.trailing ?? Buffer.alloc(0)])
}

const BLOCK = 512

function octal(value, width) {
  return Buffer.from(`${value.toString(8).padStart(width - 1, '0')}\0`, 'latin1')
}

/** One 512-byte ustar header; `fields` override any field, `checksum` replaces the computed one. */
export function tarHeader(fields) {
  const h = Buffer.alloc(BLOCK)
  const f = { mode: 0o644, uid: 0, gid: 0, mtime: 0, type: '0', linkname: '', magic: 'ustar\u000000', prefix: '', ...fields }
  Buffer.from(f.name, f.nameEncoding ?? 'utf8').copy(h, 0, 0, 100)
  octal(f.mode, 8).copy(h, 100)
  octal(f.uid, 8).copy(h, 108)
  octal(f.gid, 8).copy(h, 116)
  ;(f.sizeField ?? octal(f.size, 12)).copy(h, 124)
  octal(f.mtime, 12).copy(h, 136)
  h.fill(0x20, 148, 156)
  h.write(f.type, 156, 'latin1')
  Buffer.from(f.linkname).copy(h, 157, 0, 100)
  Buffer.from(f.magic, 'latin1').copy(h, 257)
  Buffer.from(f.uname ?? '').copy(h, 265, 0, 31)
  Buffer.from(f.gname ?? '').copy(h, 297, 0, 31)
  Buffer.from(f.prefix).copy(h, 345, 0, 155)
  let sum = 0
  for (const byte of h) sum += byte
  octal(f.checksum ?? sum, 7).copy(h, 148)
  return h
}

/** A pax record: the decimal length counts itself, the space, `key=value` and the newline. */
export function paxRecord(key, value) {
  const body = ` ${key}=${value}\n`
  let length = Buffer.byteLength(body) + 1
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body)
  return `${length}${body}`
}

/**
 * A tar written block by block. A member is `{ name, data }` plus optional
 * header fields (`type`, `mode`, `size`, `prefix`, `checksum`, `magic`) and
 * `pax` (records, or raw text) written as a typed header before it.
 */
function tar(members, options = {}) {
  const parts = []
  for (const member of members) {
    if (member.raw) {
      parts.push(member.raw)
      continue
    }
    if (member.pax !== undefined) {
      const text = Buffer.from(typeof member.pax === 'string' ? member.pax : member.pax.map(([k, v]) => paxRecord(k, v)).join(''))
      parts.push(tarHeader({ name: `PaxHeaders/${member.name}`.slice(0, 99), size: text.length, type: member.paxType ?? 'x' }), pad(text))
    }
    const data = Buffer.from(member.data ?? '')
    parts.push(tarHeader({ ...member, size: member.size ?? data.length }), pad(data))
  }
  if (!options.noEnd) parts.push(Buffer.alloc(2 * BLOCK))
  const body = Buffer.concat(parts)
  const padded = Buffer.concat([body, Buffer.alloc((20 * BLOCK - (body.length % (20 * BLOCK))) % (20 * BLOCK))])
  return Buffer.concat([padded, options.trailing ?? Buffer.alloc(0)])
}

export function pad(data) {
  return Buffer.concat([data, Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK)])
}

/** gzip (RFC 1952) around stored blocks, with optional header flags and fields, as mwpack's own writer does. */
function gzip(data, options = {}) {
  const flags = options.flags ?? (options.name ? 0x08 : 0) | (options.headerCrc ? 0x02 : 0) | (options.extra ? 0x04 : 0) | (options.comment ? 0x10 : 0)
  const header = Buffer.from([0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 0xff])
  const extra = options.extra ? Buffer.concat([u16(options.extra.length), options.extra]) : Buffer.alloc(0)
  const name = options.name ? Buffer.concat([Buffer.from(options.name, 'latin1'), Buffer.from([0])]) : Buffer.alloc(0)
  const comment = options.comment ? Buffer.concat([Buffer.from(options.comment, 'latin1'), Buffer.from([0])]) : Buffer.alloc(0)
  const headerCrc = options.headerCrc ? u16(crc32(Buffer.concat([header, extra, name, comment])) & 0xffff) : Buffer.alloc(0)
  const trailer = Buffer.concat([u32(options.crc ?? crc32(data)), u32(data.length)])
  return Buffer.concat([header, extra, name, comment, headerCrc, deflateStored(data), trailer, options.trailing ?? Buffer.alloc(0)])
}

export function tarGz(members, options = {}) {
  return gzip(tar(members, options), options.gzip)
}

/** Tar members of an honest bundle. */
export function tarBundle(files) {
  return bundle(files).map(({ name, data }) => ({ name, data }))
}

const memoEntry = (overrides) => bundle().map((e) => (e.name === 'memo.md' ? { ...e, ...overrides } : e))

/**
 * The corpus. `expect` is what verify answers: `intact`, or the code of its
 * first error. `disagree` marks archives that real extractors unpack
 * differently from the manifest (or refuse): the test checks at least one
 * extractor does, so each case stays a real attack and not a guess.
 */
export function corpus() {
  const cases = [
    // Zip: honest variants verify accepts.
    { name: 'zip-intact', why: 'an honest bundle as mwpack writes it', bytes: zip(bundle()), expect: 'intact' },
    {
      name: 'zip-intact-deflated',
      why: 'deflated entries, as another zip tool writes them',
      bytes: zip(bundle().map((e) => ({ ...e, method: 8 }))),
      expect: 'intact',
    },
    {
      name: 'zip-intact-timestamps',
      why: 'extended-timestamp extra fields (0x5455), as Info-ZIP writes them; times only',
      bytes: zip(bundle().map((e) => ({ ...e, both: { extra: extraField(0x5455, Buffer.from([1, 0, 0, 0, 0])) } }))),
      expect: 'intact',
    },
    // Zip: names that differ between the local header and the central directory.
    {
      name: 'zip-local-name-climbs',
      why: 'the central directory says memo.md, the local header ../evil: bsdtar extracts ../evil',
      bytes: zip(memoEntry({ local: { name: Buffer.from('../evil') } })),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
      disagree: true,
    },
    {
      name: 'zip-local-name-differs',
      why: 'the local header names memo.txt: stream extractors write memo.txt instead of memo.md',
      bytes: zip(memoEntry({ local: { name: Buffer.from('memo.txt') } })),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
      disagree: true,
    },
    // Zip: bytes that no central record covers.
    {
      name: 'zip-hidden-tampered-memo',
      why: 'a second, tampered memo.md after the listed entries, with no central record: stream extractors write it over the first',
      bytes: zip([...bundle(), { name: 'memo.md', data: TAMPERED, hidden: true }]),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
      disagree: true,
    },
    {
      name: 'zip-hidden-extra-file',
      why: 'an unlisted evil.sh between two entries: only stream extractors see it',
      bytes: zip([bundle()[0], { name: 'evil.sh', data: 'echo pwned\n', hidden: true }, bundle()[1]]),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
      disagree: true,
    },
    {
      name: 'zip-prefix-bytes',
      why: 'bytes before the first entry (a self-extractor stub) with offsets counted from the zip itself: Python shifts every offset',
      bytes: zip(bundle(), { prefix: Buffer.from('#!/bin/sh\nexit 0\n'), offsetsFromZero: true }),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
      disagree: true,
    },
    {
      name: 'zip-prefix-counted',
      why: 'bytes before the first entry, with every offset counting them: seeking readers skip them, streaming ones fail',
      bytes: zip(bundle(), { prefix: Buffer.from('#!/bin/sh\nexit 0\n') }),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
      disagree: true,
    },
    {
      name: 'zip-also-gzip',
      why: 'a file that starts like a gzip and ends like a zip',
      bytes: zip(bundle(), { prefix: gzip(Buffer.from('x')), offsetsFromZero: true }),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
    },
    {
      name: 'zip-empty',
      why: 'a zip with no entries: no manifest to check anything against',
      bytes: zip([]),
      expect: 'MWP_ENTRY_MISSING',
    },
    {
      name: 'zip-gap-between-entries',
      why: 'unused bytes between two entries',
      bytes: zip(bundle(), { gaps: { 1: Buffer.alloc(16) } }),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
    },
    {
      name: 'zip-between-central-and-end',
      why: 'bytes between the central directory and its end record, where a zip64 locator would sit',
      bytes: zip(bundle(), { beforeEnd: Buffer.alloc(20) }),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
      disagree: true,
    },
    {
      name: 'zip-trailing-bytes',
      why: 'bytes after the end record',
      bytes: zip(bundle(), { trailing: Buffer.from('trailing') }),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
    },
    {
      name: 'zip-comment-hides-zip',
      why: 'an archive comment holding another end record: readers that search backwards from the end can land in it',
      bytes: zip(bundle(), { comment: Buffer.concat([u32(0x06054b50), Buffer.alloc(18)]).toString('latin1') }),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
      disagree: true,
    },
    {
      name: 'zip-count-mismatch',
      why: 'the end record counts one entry fewer than the central directory holds',
      bytes: zip(bundle(), { endCount: 1 }),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
      disagree: true,
    },
    {
      name: 'zip-overlapping-entries',
      why: "notes.md's central record points inside memo.md's data, where a whole local entry hides: stream extractors never see notes.md",
      bytes: overlapping(),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
      disagree: true,
    },
    // Zip: extra fields.
    {
      name: 'zip-unicode-path-extra',
      why: 'an Info-ZIP Unicode Path field (0x7075) renames memo.md to evil.md for unzip and bsdtar',
      bytes: zip(memoEntry({ both: { extra: unicodePath('memo.md', 'evil.md') } })),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
      disagree: true,
    },
    {
      name: 'zip-unicode-path-local-only',
      why: 'a Unicode Path field in the local header only: stream extractors rename the entry',
      bytes: zip(memoEntry({ local: { extra: unicodePath('memo.md', 'evil.md') } })),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
      disagree: true,
    },
    {
      name: 'zip-zip64-extra',
      why: 'a zip64 field (0x0001) on a small entry: readers that honour it read other sizes',
      bytes: zip(memoEntry({ both: { extra: extraField(0x0001, Buffer.concat([u32(1), u32(0), u32(1), u32(0)])) } })),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
    },
    {
      name: 'zip-unknown-extra',
      why: 'an extra field mwpack never writes (0xcafe)',
      bytes: zip(memoEntry({ both: { extra: extraField(0xcafe, Buffer.from('??')) } })),
      expect: 'MWP_ARCHIVE_UNSUPPORTED',
    },
    {
      name: 'zip-malformed-extra',
      why: 'an extra field whose length runs past the block',
      bytes: zip(memoEntry({ both: { extra: Buffer.concat([u16(0x5455), u16(40), Buffer.from([1, 0, 0, 0, 0])]) } })),
      expect: 'MWP_ARCHIVE_INVALID',
      disagree: true,
    },
    // Zip: headers that disagree on how to read the data.
    {
      name: 'zip-local-size-differs',
      why: 'the local header claims more data than the central record: stream extractors read into the next entry',
      bytes: zip(memoEntry({ local: { compressedSize: MEMO.length + 4, size: MEMO.length + 4 } })),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
      disagree: true,
    },
    {
      name: 'zip-local-method-differs',
      why: 'the local header says deflated, the central record stored',
      bytes: zip(memoEntry({ local: { method: 8 } })),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
      disagree: true,
    },
    {
      name: 'zip-version-needed-63',
      why: 'every header says version 6.3 is needed to extract: Info-ZIP unzip skips the entries, Python and bsdtar extract them',
      bytes: zip(bundle().map((e) => ({ ...e, both: { version: 63 } }))),
      expect: 'MWP_ARCHIVE_UNSUPPORTED',
      disagree: true,
    },
    {
      name: 'zip-central-version-needed-47',
      why: 'the central records say version 4.7 is needed, the local headers 2.0: unzip skips the entries',
      bytes: zip(bundle().map((e) => ({ ...e, central: { version: 47 } }))),
      expect: 'MWP_ARCHIVE_UNSUPPORTED',
      disagree: true,
    },
    {
      name: 'zip-local-version-differs',
      why: 'the local header says version 6.3 is needed, the central record 2.0: headers that disagree',
      bytes: zip(memoEntry({ local: { version: 63 } })),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
    },
    {
      name: 'zip-local-crc-differs',
      why: 'the local header carries another CRC-32 than the central record',
      bytes: zip(memoEntry({ local: { crc: 0x12345678 } })),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
      disagree: true,
    },
    {
      name: 'zip-crc-mismatch',
      why: 'the data matches the manifest but not the CRC-32 both headers carry: extractors refuse it',
      bytes: zip(memoEntry({ both: { crc: 0x12345678 } })),
      expect: 'MWP_ARCHIVE_INVALID',
      disagree: true,
    },
    {
      name: 'zip-stored-size-mismatch',
      why: 'a stored entry whose compressed and uncompressed sizes differ',
      bytes: zip(memoEntry({ both: { size: MEMO.length + 1 } })),
      expect: 'MWP_ARCHIVE_INVALID',
      disagree: true,
    },
    {
      name: 'zip-deflate-short',
      why: 'a deflate stream that ends before its compressed size: the bytes after it are read by nobody',
      bytes: zip(
        memoEntry({
          method: 8,
          body: Buffer.concat([deflateStored(Buffer.from(MEMO)), Buffer.from('hidden')]),
          both: { compressedSize: deflateStored(Buffer.from(MEMO)).length + 6 },
        }),
      ),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
      disagree: true,
    },
    {
      name: 'zip-data-descriptor',
      why: 'sizes deferred to a data descriptor (flag bit 3), which mwpack never writes',
      bytes: zip(memoEntry({ both: { flags: 0x0808 } })),
      expect: 'MWP_ARCHIVE_UNSUPPORTED',
      disagree: true,
    },
    {
      name: 'zip-encrypted',
      why: 'the encryption flag (bit 0)',
      bytes: zip(memoEntry({ both: { flags: 0x0801 } })),
      expect: 'MWP_ARCHIVE_UNSUPPORTED',
      disagree: true,
    },
    {
      name: 'zip-unknown-method',
      why: 'compression method 12 (bzip2)',
      bytes: zip(memoEntry({ both: { method: 12 } })),
      expect: 'MWP_ARCHIVE_UNSUPPORTED',
      disagree: true,
    },
    {
      name: 'zip-name-not-marked-utf8',
      why: 'a non-ASCII name without the UTF-8 flag: Python reads it as CP437, others as UTF-8',
      bytes: zip(bundle({ 'memo.md': MEMO, 'm\u00e9mo.md': MEMO }).map((e) => (e.name === 'm\u00e9mo.md' ? { ...e, both: { flags: 0 } } : e))),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
      disagree: true,
    },
    {
      name: 'zip-name-bad-utf8',
      why: 'a name marked UTF-8 that is not UTF-8',
      bytes: zip([...bundle(), { name: 'm\u00ffmo.md', nameEncoding: 'latin1', data: MEMO }]),
      expect: 'MWP_ARCHIVE_INVALID',
      disagree: true,
    },
    {
      name: 'zip-truncated',
      why: 'an archive cut short',
      bytes: zip(bundle()).subarray(0, 200),
      expect: 'MWP_ARCHIVE_INVALID',
      disagree: true,
    },
    // Zip: members a bundle never holds.
    {
      name: 'zip-duplicate-name',
      why: 'memo.md twice, the second tampered: extractors keep the last',
      bytes: zip([...bundle(), { name: 'memo.md', data: TAMPERED }]),
      expect: 'MWP_ENTRY_DUPLICATE',
      disagree: true,
    },
    {
      name: 'zip-case-collision',
      why: 'memo.md and MEMO.md: one file on a case-insensitive file system',
      bytes: zip(bundle({ 'MEMO.md': TAMPERED, 'memo.md': MEMO })),
      expect: 'MWP_ENTRY_DUPLICATE',
    },
    {
      name: 'zip-directory',
      why: 'a directory entry',
      bytes: zip([...bundle(), { name: 'sub/', both: {}, central: { external: (0o040755 << 16) >>> 0 } }]),
      expect: 'MWP_ENTRY_NOT_FILE',
      disagree: true,
    },
    {
      name: 'zip-dos-directory',
      why: 'a name without a slash carrying the MS-DOS directory attribute',
      bytes: zip([...bundle(), { name: 'sub', central: { madeBy: 0x0014, external: 0x10 } }]),
      expect: 'MWP_ENTRY_NOT_FILE',
      disagree: true,
    },
    {
      name: 'zip-symlink',
      why: 'a symbolic link (Unix mode 0120777) to memo.md',
      bytes: zip([...bundle(), { name: 'link.md', data: 'memo.md', central: { external: (0o120777 << 16) >>> 0 } }]),
      expect: 'MWP_ENTRY_NOT_FILE',
      disagree: true,
    },
    {
      name: 'zip-setuid',
      why: 'a regular file with the set-user-ID bit',
      bytes: zip(memoEntry({ central: { external: (0o104755 << 16) >>> 0 } })),
      expect: 'MWP_ENTRY_MODE',
    },
    {
      name: 'zip-mode-000',
      why: 'a regular file with mode 0000: extractors create a file its owner cannot read',
      bytes: zip(memoEntry({ central: { external: (0o100000 << 16) >>> 0 } })),
      expect: 'MWP_ENTRY_MODE',
    },
    {
      name: 'zip-mode-200',
      why: 'a regular file with mode 0200 (write only): extractors create a file its owner cannot read',
      bytes: zip(memoEntry({ central: { external: (0o100200 << 16) >>> 0 } })),
      expect: 'MWP_ENTRY_MODE',
    },
    {
      name: 'zip-name-climbs',
      why: 'an entry named ../evil in both headers',
      bytes: zip([...bundle(), { name: '../evil', data: 'x' }]),
      expect: 'MWP_ENTRY_UNSAFE_NAME',
      disagree: true,
    },
    {
      name: 'zip-name-backslash',
      why: 'a name with backslashes from an MS-DOS host: unzip turns them into folders',
      bytes: zip([...bundle(), { name: '..\\evil', data: 'x', central: { madeBy: 0x0014, external: 0 } }]),
      expect: 'MWP_ENTRY_UNSAFE_NAME',
      disagree: true,
    },
    {
      name: 'zip-name-trailing-dot',
      why: 'memo.md. is memo.md on Windows',
      bytes: zip(bundle({ 'memo.md': MEMO, 'memo.md.': TAMPERED })),
      expect: 'MWP_ENTRY_UNSAFE_NAME',
    },
    // Tar: honest variants verify accepts.
    { name: 'tar-intact', why: 'an honest bundle as mwpack writes it', bytes: tarGz(tarBundle()), expect: 'intact' },
    {
      name: 'tar-intact-pax-path',
      why: 'a pax header naming the member and its time, as GNU tar and bsdtar write them',
      bytes: tarGz(
        tarBundle().map((m) => ({
          ...m,
          pax: [
            ['path', m.name],
            ['mtime', '1700000000.5'],
          ],
        })),
      ),
      expect: 'intact',
    },
    {
      name: 'tar-intact-gzip-name',
      why: 'a gzip header carrying the original file name, as gzip writes it',
      bytes: tarGz(tarBundle(), { gzip: { name: 'bundle.tar' } }),
      expect: 'intact',
    },
    {
      name: 'tar-pax-size-honoured',
      why: 'the ustar size says 0 and the pax size the real length: every reader honours pax',
      bytes: tarGz(tarBundle().map((m) => (m.name === 'memo.md' ? { ...m, sizeField: octal(0, 12), pax: [['size', String(MEMO.length)]] } : m))),
      expect: 'intact',
    },
    {
      name: 'tar-pax-two-paths-last-safe',
      why: 'two path records, the last memo.md: POSIX says the last wins',
      bytes: tarGz(
        tarBundle().map((m) =>
          m.name === 'memo.md'
            ? {
                ...m,
                pax: [
                  ['path', '../../../memo.md'],
                  ['path', 'memo.md'],
                ],
              }
            : m,
        ),
      ),
      expect: 'intact',
    },
    // Tar: pax records that a lenient reader misreads.
    {
      name: 'tar-pax-two-paths',
      why: 'two path records, the last ../../../memo.md: Python writes the memo three folders up',
      bytes: tarGz(
        tarBundle().map((m) =>
          m.name === 'memo.md'
            ? {
                ...m,
                pax: [
                  ['path', 'memo.md'],
                  ['path', '../../../memo.md'],
                ],
              }
            : m,
        ),
      ),
      expect: 'MWP_ENTRY_UNSAFE_NAME',
      disagree: true,
    },
    {
      name: 'tar-pax-path-inside-record',
      why: "a path= inside another record's value, then the real path ../../../memo.md",
      bytes: tarGz(
        tarBundle().map((m) =>
          m.name === 'memo.md'
            ? {
                ...m,
                pax: [
                  ['comment', `x\n${paxRecord('path', 'memo.md')}`],
                  ['path', '../../../memo.md'],
                ],
              }
            : m,
        ),
      ),
      expect: 'MWP_ENTRY_UNSAFE_NAME',
      disagree: true,
    },
    {
      name: 'tar-pax-bad-length',
      why: 'a pax record whose length does not end at its newline',
      bytes: tarGz(tarBundle().map((m) => (m.name === 'memo.md' ? { ...m, pax: '99 path=memo.md\n' } : m))),
      expect: 'MWP_ARCHIVE_INVALID',
      disagree: true,
    },
    {
      name: 'tar-pax-sparse',
      why: 'GNU sparse records: GNU tar and bsdtar rebuild other bytes from a sparse map',
      bytes: tarGz(
        tarBundle().map((m) =>
          m.name === 'memo.md'
            ? {
                ...m,
                pax: [
                  ['GNU.sparse.major', '1'],
                  ['GNU.sparse.minor', '0'],
                  ['GNU.sparse.name', 'memo.md'],
                  ['GNU.sparse.realsize', String(MEMO.length)],
                ],
              }
            : m,
        ),
      ),
      expect: 'MWP_ARCHIVE_UNSUPPORTED',
      disagree: true,
    },
    {
      name: 'tar-pax-hdrcharset',
      why: 'hdrcharset=BINARY: Python decodes the path with another charset',
      bytes: tarGz(
        tarBundle().map((m) =>
          m.name === 'memo.md'
            ? {
                ...m,
                pax: [
                  ['hdrcharset', 'BINARY'],
                  ['path', 'memo.md'],
                ],
              }
            : m,
        ),
      ),
      expect: 'MWP_ARCHIVE_UNSUPPORTED',
    },
    {
      name: 'tar-pax-global',
      why: 'a global pax header naming every following member',
      bytes: tarGz(tarBundle().map((m) => (m.name === 'memo.md' ? { ...m, paxType: 'g', pax: [['path', 'evil.md']] } : m))),
      expect: 'MWP_ARCHIVE_UNSUPPORTED',
      disagree: true,
    },
    {
      name: 'tar-pax-twice',
      why: 'two pax headers in a row before one member',
      bytes: tarGz([
        tarBundle()[0],
        { raw: Buffer.concat([tarHeader({ name: 'PaxHeaders/a', size: 16, type: 'x' }), pad(Buffer.from('16 path=evil.md\n'))]) },
        { ...tarBundle()[1], pax: [['path', 'memo.md']] },
      ]),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
      disagree: true,
    },
    {
      name: 'tar-link-with-data',
      why: 'a symbolic link that declares data: Python does not skip it, others do, and read different members after it',
      bytes: tarGz([
        ...tarBundle(),
        { name: 'x-link', type: '2', linkname: 'memo.md', size: BLOCK, data: Buffer.concat([tarHeader({ name: 'evil.sh', size: 0 })]) },
      ]),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
      disagree: true,
    },
    {
      name: 'tar-pax-dangling',
      why: 'a pax header with no member after it',
      bytes: tarGz([...tarBundle(), { raw: Buffer.concat([tarHeader({ name: 'PaxHeaders/x', size: 16, type: 'x' }), pad(Buffer.from('16 path=evil.md\n'))]) }]),
      expect: 'MWP_ARCHIVE_INVALID',
      disagree: true,
    },
    // Tar: headers.
    {
      name: 'tar-bad-checksum',
      why: 'a header whose checksum does not add up',
      bytes: tarGz(tarBundle().map((m) => (m.name === 'memo.md' ? { ...m, checksum: 1234 } : m))),
      expect: 'MWP_ARCHIVE_INVALID',
      disagree: true,
    },
    {
      name: 'tar-gnu-magic',
      why: 'the old GNU magic, whose prefix field holds times and sparse maps, not a path',
      bytes: tarGz(tarBundle().map((m) => ({ ...m, magic: 'ustar  \u0000' }))),
      expect: 'MWP_ARCHIVE_UNSUPPORTED',
    },
    {
      name: 'tar-base256-size',
      why: 'a size in GNU base-256 instead of octal',
      bytes: tarGz(
        tarBundle().map((m) =>
          m.name === 'memo.md' ? { ...m, sizeField: Buffer.concat([Buffer.from([0x80]), Buffer.alloc(10), Buffer.from([MEMO.length])]) } : m,
        ),
      ),
      expect: 'MWP_ARCHIVE_UNSUPPORTED',
    },
    {
      name: 'tar-gnu-longname',
      why: 'a GNU long-name record (type L) renaming the next member',
      bytes: tarGz([
        tarBundle()[0],
        { raw: Buffer.concat([tarHeader({ name: '././@LongLink', size: 8, type: 'L' }), pad(Buffer.from('evil.md\0'))]) },
        tarBundle()[1],
      ]),
      expect: 'MWP_ARCHIVE_UNSUPPORTED',
      disagree: true,
    },
    {
      name: 'tar-prefix-climbs',
      why: 'a ustar prefix field of ..: the member is ../memo.md',
      bytes: tarGz(tarBundle().map((m) => (m.name === 'memo.md' ? { ...m, prefix: '..' } : m))),
      expect: 'MWP_ENTRY_UNSAFE_NAME',
      disagree: true,
    },
    {
      name: 'tar-name-bad-utf8',
      why: 'a name that is not UTF-8',
      bytes: tarGz([...tarBundle(), { name: 'm\u00ffmo.md', nameEncoding: 'latin1', data: MEMO }]),
      expect: 'MWP_ARCHIVE_INVALID',
      disagree: true,
    },
    // Tar: where the archive ends.
    {
      name: 'tar-lone-zero-block',
      why: 'one zero block, then a hidden member: readers disagree on where the archive ends',
      bytes: tarGz([...tarBundle(), { raw: Buffer.alloc(BLOCK) }, { name: 'evil.sh', data: 'echo pwned\n' }]),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
    },
    {
      name: 'tar-data-after-end',
      why: 'a member after the end-of-archive marker',
      bytes: tarGz(tarBundle(), { trailing: tar([{ name: 'evil.sh', data: 'echo pwned\n' }]) }),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
    },
    {
      name: 'tar-no-end',
      why: 'no end-of-archive marker',
      bytes: gzip(Buffer.concat(tarBundle().map((m) => Buffer.concat([tarHeader({ ...m, size: Buffer.byteLength(m.data) }), pad(Buffer.from(m.data))])))),
      expect: 'MWP_ARCHIVE_INVALID',
    },
    {
      name: 'tar-gzip-two-members',
      why: 'the tar split over two gzip members',
      bytes: (() => {
        const t = tar(tarBundle())
        return Buffer.concat([gzip(t.subarray(0, 1024)), gzip(t.subarray(1024))])
      })(),
      expect: 'MWP_ARCHIVE_UNSUPPORTED',
    },
    {
      name: 'tar-gzip-trailing',
      why: 'bytes after the gzip trailer',
      bytes: tarGz(tarBundle(), { gzip: { trailing: Buffer.from('trailing garbage') } }),
      expect: 'MWP_ARCHIVE_AMBIGUOUS',
      disagree: true,
    },
    {
      name: 'tar-gzip-bad-crc',
      why: 'a gzip trailer whose CRC-32 does not match',
      bytes: tarGz(tarBundle(), { gzip: { crc: 0x12345678 } }),
      expect: 'MWP_ARCHIVE_INVALID',
      disagree: true,
    },
    {
      name: 'tar-intact-gzip-header-crc',
      why: 'a gzip header with its optional header CRC (FHCRC)',
      bytes: tarGz(tarBundle(), { gzip: { headerCrc: true } }),
      expect: 'intact',
    },
    {
      name: 'tar-gzip-reserved-flag',
      why: 'a gzip header with a reserved flag bit',
      bytes: tarGz(tarBundle(), { gzip: { flags: 0x20 } }),
      expect: 'MWP_ARCHIVE_INVALID',
      disagree: true,
    },
    // Tar: members a bundle never holds.
    ...[
      ['symlink', '2', 'a symbolic link', { linkname: 'memo.md' }],
      ['hardlink', '1', 'a hard link', { linkname: 'memo.md' }],
      ['directory', '5', 'a directory', {}],
      ['fifo', '6', 'a FIFO', {}],
      ['chardev', '3', 'a character device', {}],
      ['contiguous', '7', 'a contiguous file (type 7)', {}],
    ].map(([slug, type, what, extra]) => ({
      name: `tar-${slug}`,
      why: `${what} beside the bundle's files`,
      bytes: tarGz([...tarBundle(), { name: `x-${slug}`, type, ...extra }]),
      expect: 'MWP_ENTRY_NOT_FILE',
      disagree: true,
    })),
    {
      name: 'tar-setuid',
      why: 'a regular file with the set-user-ID bit',
      bytes: tarGz(tarBundle().map((m) => (m.name === 'memo.md' ? { ...m, mode: 0o4755 } : m))),
      expect: 'MWP_ENTRY_MODE',
    },
    {
      name: 'tar-mode-000',
      why: 'a regular file with mode 0000: extractors create a file its owner cannot read',
      bytes: tarGz(tarBundle().map((m) => (m.name === 'memo.md' ? { ...m, mode: 0 } : m))),
      expect: 'MWP_ENTRY_MODE',
    },
    {
      name: 'tar-owner-uid',
      why: 'memo.md owned by uid 1000: GNU tar and bsdtar run as root give the file to that user',
      bytes: tarGz(tarBundle().map((m) => (m.name === 'memo.md' ? { ...m, uid: 1000 } : m))),
      expect: 'MWP_ENTRY_MODE',
    },
    {
      name: 'tar-owner-name',
      why: 'memo.md with user name "root" and group name "wheel": extractors run as root look the names up first',
      bytes: tarGz(tarBundle().map((m) => (m.name === 'memo.md' ? { ...m, uname: 'root', gname: 'wheel' } : m))),
      expect: 'MWP_ENTRY_MODE',
    },
    {
      name: 'tar-pax-owner',
      why: 'a pax uid record gives memo.md to uid 1000, which every extractor honours over the header',
      bytes: tarGz(tarBundle().map((m) => (m.name === 'memo.md' ? { ...m, pax: [['uid', '1000']] } : m))),
      expect: 'MWP_ENTRY_MODE',
    },
    {
      name: 'tar-gzip-name-climbs',
      why: 'the gzip header names the original file ../evil: gzip -N would write that name',
      bytes: tarGz(tarBundle(), { gzip: { name: '../evil' } }),
      expect: 'MWP_ARCHIVE_UNSUPPORTED',
    },
    {
      name: 'tar-gzip-extra-field',
      why: 'the gzip header carries an extra field (FEXTRA), which mwpack never writes',
      bytes: tarGz(tarBundle(), { gzip: { extra: Buffer.from('AB\u0002\u0000hi') } }),
      expect: 'MWP_ARCHIVE_UNSUPPORTED',
    },
    {
      name: 'tar-gzip-comment',
      why: 'the gzip header carries a comment (FCOMMENT), which mwpack never writes',
      bytes: tarGz(tarBundle(), { gzip: { comment: 'hello' } }),
      expect: 'MWP_ARCHIVE_UNSUPPORTED',
    },
    {
      name: 'tar-duplicate-name',
      why: 'memo.md twice, the second tampered: extractors keep the last',
      bytes: tarGz([...tarBundle(), { name: 'memo.md', data: TAMPERED }]),
      expect: 'MWP_ENTRY_DUPLICATE',
      disagree: true,
    },
  ]
  return cases.map((c) => ({ ...c, file: `${c.name}.${c.name.startsWith('zip-') ? 'zip' : 'tar.gz'}`, disagree: c.disagree ?? false }))
}

/**
 * memo.md's bytes hold a complete local entry for notes.md, and the central
 * directory points at it: a central-directory reader extracts notes.md from
 * inside memo.md, a stream reader never sees it.
 */
function overlapping() {
  const inner = zip([{ name: 'notes.md', data: MEMO }]).subarray(0, 30 + 'notes.md'.length + MEMO.length)
  const memo = Buffer.concat([Buffer.from(MEMO), inner])
  const manifestText = manifest({ 'memo.md': memo, 'notes.md': MEMO })
  const notesOffset = 30 + 'MANIFEST.json'.length + Buffer.byteLength(manifestText) + 30 + 'memo.md'.length + MEMO.length
  return zip([
    { name: 'MANIFEST.json', data: manifestText },
    { name: 'memo.md', data: memo },
    { name: 'notes.md', data: MEMO, centralOnly: true, central: { offset: notesOffset } },
  ])
}

function main() {
  const cases = corpus()
  rmSync(FOLDER, { recursive: true, force: true })
  mkdirSync(FOLDER, { recursive: true })
  for (const c of cases) writeFileSync(join(FOLDER, c.file), c.bytes)
  const index = cases.map(({ name, file, why, expect, disagree }) => ({ name, file, why, expect, disagree }))
  writeFileSync(join(FOLDER, 'cases.json'), `${JSON.stringify(index, null, 2)}\n`)
  console.log(`wrote ${cases.length} archives to ${FOLDER} (${readdirSync(FOLDER).length - 1} files and cases.json)`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main()
