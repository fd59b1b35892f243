// Every size and count mwpack checks before it reads or parses an input, in one place.

const MiB = 1024 * 1024

/**
 * How far an archive reader may go before it refuses, checked before the
 * work: a bundle holds three files of kilobytes, so anything near these is
 * not a memo bundle, and a crafted archive (a zip bomb, a million entries)
 * cannot fill memory or time.
 */
export interface ArchiveLimits {
  /** Members (entries, tar headers) in one archive. */
  maxEntries: number
  /** Bytes all members expand to, together: the zip-bomb guard. */
  maxUnpackedBytes: number
}

/** What `verify` reads of a bundle.zip or bundle.tar.gz. */
export const ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 64,
  maxUnpackedBytes: 256 * MiB,
}
