// Writes the deterministic bundle.tar.gz: sorted ustar entries in a gzip of stored blocks.
import { crc32 } from 'node:zlib'
import { compareUtf8 } from './entry-order.js'
import type { ArchiveEntry } from './zip-bundle.js'

/**
 * A .tar.gz under the same rules as the zip: entries sorted, regular files
 * only, mode 0644, owner 0:0 with no user or group names, one mtime
 * (SOURCE_DATE_EPOCH), and a gzip header with no time, no name and OS
 * "unknown".
 *
 * The gzip body uses stored (uncompressed) deflate blocks, written here, for
 * the same reason the zip is stored: zlib builds differ in their compressed
 * bytes, and "the same bytes everywhere" matters more than a few kilobytes.
 */
export function tarGzBundle(entries: readonly ArchiveEntry[], sourceDateEpoch: number): Uint8Array {
  return gzipStored(tar(entries, sourceDateEpoch))
}

const BLOCK = 512
/** Tar readers expect whole 20-block records (POSIX ustar); GNU tar pads the same way. */
const RECORD = 20 * BLOCK
/** The largest mtime 11 octal digits can hold. */
const MAX_OCTAL_11 = 8 ** 11 - 1

export function tar(entries: readonly ArchiveEntry[], sourceDateEpoch: number): Uint8Array {
  const sorted = [...entries].sort((a, b) => compareUtf8(a.path, b.path))
  const parts: Uint8Array[] = []
  for (const entry of sorted) {
    parts.push(header(entry.path, entry.bytes.length, Math.min(sourceDateEpoch, MAX_OCTAL_11)))
    parts.push(entry.bytes)
    parts.push(new Uint8Array((BLOCK - (entry.bytes.length % BLOCK)) % BLOCK))
  }
  parts.push(new Uint8Array(2 * BLOCK))
  const length = parts.reduce((n, p) => n + p.length, 0)
  const out = new Uint8Array(Math.ceil(length / RECORD) * RECORD)
  let offset = 0
  for (const p of parts) {
    out.set(p, offset)
    offset += p.length
  }
  return out
}

function header(path: string, size: number, mtime: number): Uint8Array {
  const h = new Uint8Array(BLOCK)
  const name = Buffer.from(path, 'utf8')
  if (name.length > 100) throw new RangeError(`tar entry name longer than 100 bytes: ${path}`)
  h.set(name, 0)
  writeOctal(h, 100, 8, 0o644)
  writeOctal(h, 108, 8, 0)
  writeOctal(h, 116, 8, 0)
  writeOctal(h, 124, 12, size)
  writeOctal(h, 136, 12, mtime)
  h.fill(0x20, 148, 156) // checksum field counts as spaces while summing
  h[156] = 0x30 // '0': regular file
  h.set(Buffer.from('ustar\u000000', 'latin1'), 257)
  const sum = h.reduce((n, b) => n + b, 0)
  writeOctal(h, 148, 7, sum) // six digits and NUL, then the space already there
  return h
}

/** Zero-padded octal digits followed by NUL, filling `width` bytes. */
function writeOctal(h: Uint8Array, offset: number, width: number, value: number): void {
  const digits = value.toString(8).padStart(width - 1, '0')
  h.set(Buffer.from(`${digits}\u0000`, 'latin1'), offset)
}

/** RFC 1952 gzip around RFC 1951 stored blocks (at most 65535 bytes each). */
export function gzipStored(data: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(data.length / 0xffff))
  const out = new Uint8Array(10 + blocks * 5 + data.length + 8)
  // magic, deflate, no flags, mtime 0, no extra flags, OS 255 (unknown)
  out.set([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff], 0)
  let at = 10
  for (let i = 0; i < blocks; i++) {
    const chunk = data.subarray(i * 0xffff, (i + 1) * 0xffff)
    const view = new DataView(out.buffer, at, 5)
    view.setUint8(0, i === blocks - 1 ? 1 : 0) // BFINAL on the last block, BTYPE 00 (stored)
    view.setUint16(1, chunk.length, true)
    view.setUint16(3, ~chunk.length & 0xffff, true)
    out.set(chunk, at + 5)
    at += 5 + chunk.length
  }
  const trailer = new DataView(out.buffer, at, 8)
  trailer.setUint32(0, crc32(data) >>> 0, true)
  trailer.setUint32(4, data.length >>> 0, true)
  return out
}
