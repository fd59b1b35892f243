// Writes one file atomically: a new temporary file beside it, created exclusively, renamed over the target.
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'

/** Name part of mwpack's own temporary files and folders, so a killed run's leftovers are recognised. */
export const TEMP_TAG = '.mwpack-tmp-'

/**
 * Writes `bytes` to `target` so that readers see the old file or the new one,
 * never half: into `TARGET.mwpack-tmp-RANDOM` in the same folder, then renamed
 * over `target` (which replaces a link or FIFO at `target` itself, never what
 * it points to). The temporary name is random and created exclusively (`wx`):
 * nothing already there, a link planted at a guessable name included, is
 * opened. `mode` is the new file's permission bits (the umask can only take
 * bits away); Node's default, 0666, when not given.
 *
 * Throws what the file system threw (the caller decides whether that is the
 * user's problem or only a lost cache write), after removing its own
 * temporary file.
 */
export function replaceFile(target: string, bytes: Uint8Array, options: { mode?: number } = {}): void {
  const temporary = `${target}${TEMP_TAG}${randomBytes(8).toString('hex')}`
  try {
    fs.writeFileSync(temporary, bytes, { flag: 'wx', mode: options.mode ?? 0o666 })
    fs.renameSync(temporary, target)
  } catch (e) {
    // On EEXIST the name is someone else's: leave it.
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') fs.rmSync(temporary, { force: true })
    throw e
  }
}
