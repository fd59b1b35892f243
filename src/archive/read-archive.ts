// Reads a bundle archive for verify, zip or tar.gz judged by content, within the archive limits.
import { error, type Outcome } from '../diagnostics/diagnostic.js'
import { ARCHIVE_LIMITS } from '../input-limits.js'
import type { ArchiveLimits, ArchiveMember } from './archive-member.js'
import { readTarGz } from './read-tar.js'
import { readZip } from './read-zip.js'

export type { ArchiveLimits, ArchiveMember } from './archive-member.js'

/**
 * The members of a bundle.zip or bundle.tar.gz. The format is judged by the
 * bytes, not the file name: a renamed archive is still read for what it is.
 * A zip is recognised by its first bytes or by an end record at its end, so
 * a zip behind a prefix (a self-extractor stub, which Python and bsdtar
 * unpack) is read as a zip and refused for the prefix, not for its name.
 * `file` names the archive in diagnostics.
 */
export function readArchive(bytes: Uint8Array, file: string, limits: ArchiveLimits = ARCHIVE_LIMITS): Outcome<ArchiveMember[]> {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const endsLikeZip = view.length >= 22 && view.readUInt32LE(view.length - 22) === 0x06054b50
  const startsLikeGzip = view[0] === 0x1f && view[1] === 0x8b
  if (startsLikeGzip && endsLikeZip) {
    return {
      ok: false,
      diagnostics: [error('MWP_ARCHIVE_AMBIGUOUS', 'the file starts like a gzip and ends like a zip; extractors differ on which it is', { file })],
    }
  }
  if ((view[0] === 0x50 && view[1] === 0x4b) || endsLikeZip) return readZip(bytes, file, limits)
  if (startsLikeGzip) return readTarGz(bytes, file, limits)
  return { ok: false, diagnostics: [error('MWP_ARCHIVE_INVALID', 'not a zip or gzip-compressed tar archive', { file })] }
}
