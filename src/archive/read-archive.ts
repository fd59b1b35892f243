// Reads zip and tar.gz archives member by member, names unjudged, for verify.
import { gunzipSync } from 'node:zlib'
import yauzl from 'yauzl'

/** One member of an archive as `verify` sees it: raw name, what kind of thing it is, and its bytes. */
export interface ArchiveMember {
  /** The name exactly as stored (decoded as UTF-8), unsafe or not: judging it is verify's job. */
  name: string
  kind: 'file' | 'directory' | 'symlink' | 'other'
  bytes: Uint8Array
}

export class ArchiveReadError extends Error {}

/**
 * The most a bundle may expand to when read. A memo bundle is kilobytes; the
 * limit keeps a crafted archive (a zip bomb) from filling memory.
 */
export const MAX_UNPACKED_BYTES = 256 * 1024 * 1024

const S_IFMT = 0o170000
const S_IFLNK = 0o120000
const S_IFDIR = 0o040000

/**
 * Every member of a zip, in stored order. yauzl is asked not to decode or
 * police names (`decodeStrings: false`), so a `../x` entry reaches verify as
 * data to report rather than as an opaque library error.
 */
export function readZip(bytes: Uint8Array, maxUnpacked: number = MAX_UNPACKED_BYTES): Promise<ArchiveMember[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }, (openError, zip) => {
      if (openError || !zip) return reject(new ArchiveReadError(`not a readable zip: ${openError?.message ?? 'unknown error'}`))
      const members: ArchiveMember[] = []
      let unpacked = 0
      zip.on('error', (e: Error) => reject(new ArchiveReadError(`corrupt zip: ${e.message}`)))
      zip.on('end', () => resolve(members))
      zip.on('entry', (entry: yauzl.Entry) => {
        const rawName = entry.fileName as unknown as Buffer
        const name = rawName.toString('utf8')
        const mode = (entry.externalFileAttributes >>> 16) & S_IFMT
        const kind = mode === S_IFLNK ? 'symlink' : mode === S_IFDIR || name.endsWith('/') ? 'directory' : 'file'
        // Declared sizes are checked against the data as it is read (validateEntrySizes), so summing them is safe.
        unpacked += entry.uncompressedSize
        if (unpacked > maxUnpacked) return reject(new ArchiveReadError(`the archive expands to more than ${maxUnpacked} bytes; not a memo bundle`))
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream)
            return reject(new ArchiveReadError(`cannot read zip entry ${JSON.stringify(name)}: ${streamError?.message ?? 'unknown error'}`))
          const chunks: Buffer[] = []
          stream.on('data', (chunk: Buffer) => chunks.push(chunk))
          stream.on('error', (e: Error) => reject(new ArchiveReadError(`corrupt zip entry ${JSON.stringify(name)}: ${e.message}`)))
          stream.on('end', () => {
            members.push({ name, kind, bytes: new Uint8Array(Buffer.concat(chunks)) })
            zip.readEntry()
          })
        })
      })
      zip.readEntry()
    })
  })
}

/** Every member of a .tar.gz (ustar and GNU headers; long names via GNU 'L' records and pax 'path'). */
export function readTarGz(bytes: Uint8Array, maxUnpacked: number = MAX_UNPACKED_BYTES): ArchiveMember[] {
  let data: Buffer
  try {
    data = gunzipSync(bytes, { maxOutputLength: maxUnpacked })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new ArchiveReadError(`the archive expands to more than ${maxUnpacked} bytes; not a memo bundle`)
    throw new ArchiveReadError(`not a readable gzip stream: ${(e as Error).message}`)
  }
  const members: ArchiveMember[] = []
  let offset = 0
  let longName: string | undefined
  while (offset + 512 <= data.length) {
    const h = data.subarray(offset, offset + 512)
    if (h.every((b) => b === 0)) break
    const size = parseOctal(h.subarray(124, 136))
    const type = String.fromCharCode(h[156] ?? 0x30)
    const prefix = cString(h.subarray(345, 500))
    const stored = cString(h.subarray(0, 100))
    const body = data.subarray(offset + 512, offset + 512 + size)
    if (body.length < size) throw new ArchiveReadError('truncated tar member')
    offset += 512 + Math.ceil(size / 512) * 512
    if (type === 'L') {
      longName = cString(body)
      continue
    }
    if (type === 'x') {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))
      if (path) longName = path[1]
      continue
    }
    const name = longName ?? (prefix ? `${prefix}/${stored}` : stored)
    longName = undefined
    const kind = type === '0' || type === '\0' ? 'file' : type === '5' ? 'directory' : type === '2' ? 'symlink' : 'other'
    members.push({ name, kind, bytes: new Uint8Array(body) })
  }
  return members
}

function cString(b: Uint8Array): string {
  const end = b.indexOf(0)
  return Buffer.from(end === -1 ? b : b.subarray(0, end)).toString('utf8')
}

function parseOctal(b: Uint8Array): number {
  const text = cString(b).trim()
  if (!/^[0-7]*$/.test(text)) throw new ArchiveReadError(`bad tar header number ${JSON.stringify(text)}`)
  return text === '' ? 0 : parseInt(text, 8)
}
