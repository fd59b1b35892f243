// Which zip extra fields verify lets through: times and owners only, never one that renames, resizes or relinks an entry.
import type { DiagnosticCode } from '../diagnostics/diagnostic.js'

/**
 * Fields that only carry times or an owner. Info-ZIP's `zip` writes the
 * first and last, Windows tools the NTFS one; no extractor changes a name,
 * a size or a file's bytes because of them.
 */
const HARMLESS = new Set([
  0x5455, // extended timestamp (UT)
  0x000a, // NTFS times
  0x7875, // Info-ZIP Unix owner (ux)
])

/** Fields some extractor acts on in a way the central directory does not show (APPNOTE 4.5, Info-ZIP extrafld.txt). */
const ACTED_ON: ReadonlyMap<number, string> = new Map([
  [0x7075, 'an Info-ZIP Unicode Path field, which renames the entry for unzip and bsdtar'],
  [0x0001, 'a zip64 field, which gives other sizes and offsets to the readers that honour it'],
  [0x000d, 'a PKWARE Unix field, which can carry a link target'],
  [0x756e, 'an ASi Unix field, which can carry a mode and a link target'],
  [0x9901, 'an AES encryption field'],
  [0x0017, 'a strong-encryption header'],
])

export type ExtraFieldProblem = { code: DiagnosticCode; message: string }

/**
 * Checks one extra-field block (a local header's or a central record's):
 * well-formed id/length records that fill it exactly, each id at most once,
 * and only harmless ids. Returns the first problem, or undefined.
 */
export function checkExtraFields(extra: Uint8Array, where: string): ExtraFieldProblem | undefined {
  const view = Buffer.from(extra.buffer, extra.byteOffset, extra.byteLength)
  const seen = new Set<number>()
  let at = 0
  while (at < view.length) {
    if (at + 4 > view.length) return { code: 'MWP_ARCHIVE_INVALID', message: `${where} has an extra-field block that ends inside a field header` }
    const id = view.readUInt16LE(at)
    const length = view.readUInt16LE(at + 2)
    if (at + 4 + length > view.length) {
      return { code: 'MWP_ARCHIVE_INVALID', message: `${where} has an extra field ${hex(id)} of ${length} bytes that runs past its block` }
    }
    if (seen.has(id)) {
      return { code: 'MWP_ARCHIVE_AMBIGUOUS', message: `${where} has the extra field ${hex(id)} twice; readers differ on which one counts` }
    }
    seen.add(id)
    const acted = ACTED_ON.get(id)
    if (acted) return { code: 'MWP_ARCHIVE_AMBIGUOUS', message: `${where} has ${acted} (${hex(id)}); mwpack never writes it` }
    if (!HARMLESS.has(id)) {
      return { code: 'MWP_ARCHIVE_UNSUPPORTED', message: `${where} has an extra field ${hex(id)} that mwpack never writes and some extractor may act on` }
    }
    at += 4 + length
  }
  return undefined
}

function hex(id: number): string {
  return `0x${id.toString(16).padStart(4, '0')}`
}
