// Reads one input file with errors a user can act on: not found, a folder, unreadable, too large (checked before reading).
import * as fs from 'node:fs'
import { error, type Diagnostic } from '../diagnostics/diagnostic.js'
import { FILE_LIMITS, tooLargeDiagnostic } from '../input-limits.js'
import type { SourceFile } from '../pipeline/prepare-memo.js'

/** What a file is to mwpack; each kind has its size limit (input-limits.ts). */
export type SourceRole = 'memo' | 'cluster config' | 'manifest' | 'bundle' | 'artifact'

const MAX_BYTES: Record<SourceRole, number> = {
  memo: FILE_LIMITS.memoBytes,
  'cluster config': FILE_LIMITS.configBytes,
  manifest: FILE_LIMITS.manifestBytes,
  bundle: FILE_LIMITS.archiveBytes,
  artifact: FILE_LIMITS.bundleFileBytes,
}

export type ReadResult = { ok: true; source: SourceFile } | { ok: false; diagnostic: Diagnostic }

/**
 * Reads one input. `display` is the path as the user typed it (for
 * messages), `absolute` where it is. `role` says what it is (and so how
 * large it may be) and `flag` which flag named it, so "not found" can say
 * which argument to fix. A file past its limit is refused by its size,
 * before a byte of it is read; a FIFO or device without blocking on it.
 * With `follow: false` (files inside a built folder) a symbolic link is
 * refused rather than followed.
 */
export function readSource(display: string, absolute: string, role: SourceRole, flag?: string, options: { follow?: boolean } = {}): ReadResult {
  const what = `${role}${flag ? ` (${flag})` : ''}`
  const read = readBounded(absolute, MAX_BYTES[role], options)
  if (read.ok) return { ok: true, source: { file: display, bytes: read.bytes } }
  return { ok: false, diagnostic: readDiagnostic(read, display, what) }
}

/** Why a bounded read failed. */
export type ReadFailure =
  | { ok: false; reason: 'directory' | 'symlink' }
  | { ok: false; reason: 'not-a-file'; kind: SpecialKind }
  | { ok: false; reason: 'too-large'; size: number; maxBytes: number }
  | { ok: false; reason: 'io'; error: NodeJS.ErrnoException }

/**
 * The bytes of a regular file of at most `maxBytes`. The file is opened
 * first and judged by the open descriptor, so what is checked is what is
 * read: a FIFO or device is refused without blocking (O_NONBLOCK), a file
 * past the limit by its size without reading it, and one that grows after
 * the check by reading at most one byte past the limit. With `follow:
 * false` a symbolic link is refused instead of followed (O_NOFOLLOW).
 */
export function readBounded(absolute: string, maxBytes: number, options: { follow?: boolean } = {}): { ok: true; bytes: Uint8Array } | ReadFailure {
  const flags = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (options.follow === false ? (fs.constants.O_NOFOLLOW ?? 0) : 0)
  let fd: number
  try {
    fd = fs.openSync(absolute, flags)
  } catch (e) {
    const failure = e as NodeJS.ErrnoException
    if (failure.code === 'ELOOP' && options.follow === false) return { ok: false, reason: 'symlink' }
    if (failure.code === 'EISDIR') return { ok: false, reason: 'directory' }
    // A socket (or a device with no driver) cannot be opened at all.
    if (failure.code === 'ENXIO') return { ok: false, reason: 'not-a-file', kind: 'a special file' }
    return { ok: false, reason: 'io', error: failure }
  }
  try {
    const stat = fs.fstatSync(fd)
    if (stat.isDirectory()) return { ok: false, reason: 'directory' }
    if (!stat.isFile()) return { ok: false, reason: 'not-a-file', kind: specialKind(stat) }
    if (stat.size > maxBytes) return { ok: false, reason: 'too-large', size: stat.size, maxBytes }
    // One byte more than the file's size, so its end is seen; grown (up to one past the limit) if it is still being written.
    let buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1)
    let length = 0
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) return { ok: false, reason: 'too-large', size: length, maxBytes }
        buffer = Buffer.concat([buffer, Buffer.alloc(Math.min(buffer.length, maxBytes + 1 - buffer.length))])
      }
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null)
      if (n === 0) break
      length += n
    }
    return { ok: true, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, length) }
  } catch (e) {
    return { ok: false, reason: 'io', error: e as NodeJS.ErrnoException }
  } finally {
    fs.closeSync(fd)
  }
}

/** The diagnostic for a failed read of the `what` (`memo (--memo)`, `artifact`) at `file`. */
export function readDiagnostic(failure: ReadFailure, file: string, what: string): Diagnostic {
  switch (failure.reason) {
    case 'directory':
      return error('MWP_FILE_IS_DIRECTORY', `the ${what} is a directory, expected a file`, { file })
    case 'not-a-file':
      return error('MWP_FILE_UNREADABLE', `the ${what} is ${failure.kind}, not a regular file`, { file, hint: 'mwpack reads regular files only' })
    case 'symlink':
      return error('MWP_FILE_UNREADABLE', `the ${what} is a symbolic link, not a regular file`, {
        file,
        hint: 'a built folder holds regular files only; rebuild it with mwpack build',
      })
    case 'too-large':
      return tooLargeDiagnostic(what, file, failure.size, failure.maxBytes)
    case 'io':
      return ioDiagnostic(failure.error, file, what)
  }
}

/** What a file that is not a regular file or folder is, as messages name it. */
export type SpecialKind = 'a FIFO' | 'a character device' | 'a block device' | 'a socket' | 'a special file'

function specialKind(stat: fs.Stats): SpecialKind {
  if (stat.isFIFO()) return 'a FIFO'
  if (stat.isCharacterDevice()) return 'a character device'
  if (stat.isBlockDevice()) return 'a block device'
  if (stat.isSocket()) return 'a socket'
  return 'a special file'
}

/** True when something exists at the path (a file the lookup may choose). */
export function exists(absolute: string): boolean {
  return fs.existsSync(absolute)
}

function ioDiagnostic(e: NodeJS.ErrnoException, file: string, what: string): Diagnostic {
  const code = e.code
  if (code === 'ENOENT' || code === 'ENOTDIR') return error('MWP_FILE_NOT_FOUND', `the ${what} does not exist`, { file })
  if (code === 'EACCES' || code === 'EPERM') return error('MWP_FILE_UNREADABLE', `the ${what} cannot be read: permission denied`, { file })
  return error('MWP_FILE_UNREADABLE', `the ${what} cannot be read (${code ?? e.message})`, { file })
}
