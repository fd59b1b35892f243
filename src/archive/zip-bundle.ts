// Writes the deterministic bundle.zip with yazl: sorted, stored, 0644, one UTC timestamp.
import yazl from 'yazl'
import { compareUtf8 } from './entry-order.js'

export interface ArchiveEntry {
  /** Forward-slash relative path inside the archive. */
  path: string
  bytes: Uint8Array
}

/** 1980-01-01T00:00:00Z: the earliest time a zip entry can carry. */
export const ZIP_EPOCH = 315_532_800
/** 2107-12-31T23:59:58Z: the latest (DOS dates count years from 1980 in 7 bits, seconds in 2 s steps). */
export const ZIP_LAST = 4_354_819_198

/** The time a zip entry can actually hold: the source date clamped to the DOS range. */
export function zipTimestamp(sourceDateEpoch: number): number {
  return Math.min(Math.max(sourceDateEpoch, ZIP_EPOCH), ZIP_LAST)
}

/** Regular file, rw-r--r--: the same on every machine whatever its umask. */
export const ENTRY_MODE = 0o100644

/**
 * A zip that is the same bytes wherever it is built (spec/artifacts.md, "bundle.zip"):
 *
 * - entries sorted by the UTF-8 bytes of their paths, no directory entries;
 * - stored, not deflated: deflate output depends on the zlib build (Debian's
 *   Node and the official Node differ), and memos are small;
 * - mode 0644 and one timestamp, SOURCE_DATE_EPOCH clamped to 1980..2107;
 * - no UT extra field (`forceDosTimestamp`), no comment; sizes are known up
 *   front, so yazl writes no data descriptors and no zip64 unless needed.
 *
 * Only the DOS date/time needs care: yazl reads it from the Date's local-time
 * getters, which depend on the machine's time zone (see UtcCalendarDate).
 */
export function zipBundle(entries: readonly ArchiveEntry[], sourceDateEpoch: number): Promise<Uint8Array> {
  const zip = new yazl.ZipFile()
  const mtime = new UtcCalendarDate(zipTimestamp(sourceDateEpoch) * 1000)
  for (const entry of [...entries].sort((a, b) => compareUtf8(a.path, b.path))) {
    zip.addBuffer(Buffer.from(entry.bytes), entry.path, { mtime, mode: ENTRY_MODE, compress: false, forceDosTimestamp: true })
  }
  zip.end()
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk))
    zip.outputStream.on('error', reject)
    zip.outputStream.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
  })
}

/**
 * A Date whose local-time getters answer in UTC. yazl encodes the DOS
 * date/time from getFullYear/getMonth/getDate/getHours/getMinutes/getSeconds
 * (yazl index.js, dateToDosDateTime), i.e. in the builder's time zone; with
 * these getters the fields are UTC everywhere.
 *
 * yazl also clamps against 1980-01-01 and 2107-12-31 in local time by
 * comparing with `<`, which calls valueOf. valueOf therefore returns the
 * instant whose local reading equals our UTC reading, so the clamp sees the
 * same calendar time the fields encode. (We clamp beforehand anyway; this
 * keeps yazl's own clamp from firing in time zones west of UTC.)
 */
class UtcCalendarDate extends Date {
  override getFullYear(): number {
    return this.getUTCFullYear()
  }
  override getMonth(): number {
    return this.getUTCMonth()
  }
  override getDate(): number {
    return this.getUTCDate()
  }
  override getHours(): number {
    return this.getUTCHours()
  }
  override getMinutes(): number {
    return this.getUTCMinutes()
  }
  override getSeconds(): number {
    return this.getUTCSeconds()
  }
  override valueOf(): number {
    return new Date(this.getUTCFullYear(), this.getUTCMonth(), this.getUTCDate(), this.getUTCHours(), this.getUTCMinutes(), this.getUTCSeconds()).getTime()
  }
}
