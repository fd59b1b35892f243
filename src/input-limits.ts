// Every size and count mwpack checks before it reads or parses an input, in one place (README, "Input limits").
//
// Each limit is far above what a real memo, config or bundle needs and low
// enough that the slowest input within it is handled in well under two
// seconds: the limits are checked first (a file's size before reading it, a
// JSON document's counts before parsing it), so an input past one costs
// nothing but the check. test/limits/ has a test for each.
import { error, type Diagnostic } from './diagnostics/diagnostic.js'

const KiB = 1024
const MiB = 1024 * KiB

/** Bytes of each kind of file mwpack reads. */
export const FILE_LIMITS = {
  /**
   * A memo, as written and as the bundle's memo.md with its live numbers
   * (tables included) resolved, which verify normalizes again. Memos are
   * kilobytes (the flagship is 12 KiB, 15 KiB resolved); Markdown is the
   * slowest input per byte, so this is the tightest limit.
   */
  memoBytes: 128 * KiB,
  /**
   * A memo's front matter (the YAML between its `---` lines): a title, an
   * author, a date, a few tags are well under a kilobyte. YAML is slow to
   * refuse deep nesting (about half a second for 16 KiB of `[`).
   */
  frontMatterBytes: 16 * KiB,
  /** A cluster.json: a 1,000-point capping curve is about 50 KiB. */
  configBytes: 1 * MiB,
  /** A MANIFEST.json: a handful of file records. */
  manifestBytes: 64 * KiB,
  /** Any one file inside a bundle or an artifact folder: the report, with its inputs and frontier, is the largest. */
  bundleFileBytes: 2 * MiB,
  /** A bundle.zip or bundle.tar.gz on disk. */
  archiveBytes: 8 * MiB,
} as const

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
  /** Bytes of one tar pax header: a few records, never a member's worth of data. */
  maxPaxHeaderBytes: number
}

/** What `verify` reads of a bundle.zip or bundle.tar.gz. */
export const ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 64,
  maxUnpackedBytes: 4 * MiB,
  maxPaxHeaderBytes: 64 * KiB,
}

/** Entries `verify` looks at in an artifact folder (which holds about six). */
export const MAX_FOLDER_ENTRIES = 1000

/**
 * Shape limits of a JSON document (cluster.json, MANIFEST.json,
 * cluster_report.json), counted before it is parsed. The largest valid
 * config (a 1,000-point curve) has about 3,100 values; its report, with the
 * frontier, about 13,000.
 */
export interface JsonLimits {
  /** cluster.json is four levels deep; a thousand levels is an attack on a parser's stack. */
  maxDepth: number
  maxArrayItems: number
  maxObjectMembers: number
  /** Values in the whole document, containers included. */
  maxValues: number
}

export const JSON_LIMITS: JsonLimits = {
  maxDepth: 64,
  maxArrayItems: 10_000,
  maxObjectMembers: 1_000,
  maxValues: 50_000,
}

/** The one message for a file, or a part of one, past its byte limit: what, how large, the limit. */
export function tooLargeDiagnostic(what: string, file: string, size: number, maxBytes: number): Diagnostic {
  return error('MWP_FILE_TOO_LARGE', `the ${what} is ${formatBytes(size)} (${size} bytes); mwpack reads at most ${formatBytes(maxBytes)}`, {
    file,
    hint: 'see "Input limits" in the README',
  })
}

/** A byte count as people read it: `256 KiB`, `2 MiB`, `3.2 GiB`, `17 bytes`. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 * MiB],
    ['MiB', MiB],
    ['KiB', KiB],
  ] as const) {
    if (bytes >= size) {
      const value = bytes / size
      return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`
    }
  }
  return `${bytes} bytes`
}
