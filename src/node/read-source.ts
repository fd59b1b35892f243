// Reads one input file with errors a user can act on: not found, a folder, unreadable, too large.
import * as fs from 'node:fs'
import { error, type Diagnostic } from '../diagnostics/diagnostic.js'
import type { SourceFile } from '../pipeline/prepare-memo.js'

/** Inputs past this size are not memos or configs; refuse rather than read a disk image into memory. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024

export type ReadResult = { ok: true; source: SourceFile } | { ok: false; diagnostic: Diagnostic }

/**
 * Reads one input. `display` is the path as the user typed it (for
 * messages), `absolute` where it is. `role` says what it is and `flag` which
 * flag named it, so "not found" can say which argument to fix.
 */
export function readSource(display: string, absolute: string, role: string, flag?: string): ReadResult {
  const named = flag ? ` (${flag})` : ''
  let stat: fs.Stats
  try {
    stat = fs.statSync(absolute)
  } catch (e) {
    return { ok: false, diagnostic: ioDiagnostic(e, display, `${role}${named}`) }
  }
  if (stat.isDirectory()) {
    return { ok: false, diagnostic: error('MWP_FILE_IS_DIRECTORY', `the ${role}${named} is a directory, expected a file`, { file: display }) }
  }
  if (!stat.isFile()) {
    return { ok: false, diagnostic: error('MWP_FILE_UNREADABLE', `the ${role}${named} is not a regular file`, { file: display }) }
  }
  if (stat.size > MAX_INPUT_BYTES) {
    return {
      ok: false,
      diagnostic: error('MWP_FILE_TOO_LARGE', `the ${role}${named} is ${stat.size} bytes; mwpack reads at most ${MAX_INPUT_BYTES}`, { file: display }),
    }
  }
  try {
    return { ok: true, source: { file: display, bytes: new Uint8Array(fs.readFileSync(absolute)) } }
  } catch (e) {
    return { ok: false, diagnostic: ioDiagnostic(e, display, `${role}${named}`) }
  }
}

/** True when something exists at the path (a file the lookup may choose). */
export function exists(absolute: string): boolean {
  return fs.existsSync(absolute)
}

function ioDiagnostic(e: unknown, file: string, what: string): Diagnostic {
  const code = (e as NodeJS.ErrnoException).code
  if (code === 'ENOENT' || code === 'ENOTDIR') return error('MWP_FILE_NOT_FOUND', `the ${what} does not exist`, { file })
  if (code === 'EISDIR') return error('MWP_FILE_IS_DIRECTORY', `the ${what} is a directory, expected a file`, { file })
  if (code === 'EACCES' || code === 'EPERM') return error('MWP_FILE_UNREADABLE', `the ${what} cannot be read: permission denied`, { file })
  return error('MWP_FILE_UNREADABLE', `the ${what} cannot be read (${code ?? (e as Error).message})`, { file })
}
