// The CLI's writing edge: replaces output folders and files atomically.
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { error, type Diagnostic } from '../diagnostics/diagnostic.js'
import { TEMP_TAG } from '../node/replace-file.js'

/**
 * Outputs are written so that a failed or interrupted run leaves the previous
 * result untouched. (Whether a folder may be replaced at all is check-output-folder.ts;
 * reading is in node/read-source.ts, shared with the plugin.)
 */

/** Name part of the folder a replaced output is moved to until the new one is in place. */
const OLD_TAG = '.mwpack-old-'

/**
 * Replaces folder `target` with exactly `files`, atomically as far as POSIX
 * allows: everything is written in a sibling temp folder, then swapped in
 * by rename. Until the swap the old folder is untouched; a run killed while
 * writing leaves only its temp folder, one killed mid-swap leaves the old
 * folder under a backup name, and the next run tidies both before it starts.
 *
 * Runs writing the same folder at once each install a complete folder and
 * the last to finish wins: every sibling name carries its owner's pid, so a
 * run only ever removes its own temp and backup folders or those of a run
 * that is no longer alive, and the swap (installSwap) retries when another
 * run moves the folder under it. Throws the file-system error when the
 * folder cannot be written; the caller turns it into a diagnostic.
 */
export function replaceFolder(target: string, files: ReadonlyMap<string, Uint8Array>): void {
  const parent = path.dirname(target)
  const base = path.basename(target)
  fs.mkdirSync(parent, { recursive: true })
  recoverInterrupted(parent, base)

  // mkdir (not mkdtemp, which makes 0700) so the folder gets the usual umask-derived mode.
  const temp = path.join(parent, siblingName(base, TEMP_TAG))
  fs.mkdirSync(temp)
  try {
    // Not fsynced: the guarantee is against interruption (a killed run), and every output is
    // reproducible from its inputs, so a power cut costs a rebuild, not data. Flushing each
    // file took a tenth of a build.
    for (const [name, bytes] of files) fs.writeFileSync(path.join(temp, name), bytes)
    installSwap(temp, target, parent, base)
  } catch (e) {
    removeQuietly(temp)
    throw e
  }
}

/** How often a swap is retried while other runs keep replacing the folder; each try is two renames. */
const SWAP_ATTEMPTS = 50

/**
 * Puts `temp` where `target` is. rename(2) onto a missing (or empty) folder
 * is atomic; onto a full one it fails, so the current folder is first moved
 * to a backup name. Another run may put its folder in place between the two
 * renames: that folder is complete, so this run drops its backup and tries
 * again, and the last run to get there wins.
 */
function installSwap(temp: string, target: string, parent: string, base: string): void {
  for (let attempt = 0; attempt < SWAP_ATTEMPTS; attempt++) {
    try {
      fs.renameSync(temp, target)
      return
    } catch (e) {
      if (!isOccupied(e)) throw e
    }
    const backup = path.join(parent, siblingName(base, OLD_TAG))
    try {
      fs.renameSync(target, backup)
    } catch (e) {
      // Moved away by another run since the first rename: try again.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw e
    }
    try {
      fs.renameSync(temp, target)
      removeQuietly(backup)
      return
    } catch (e) {
      if (!isOccupied(e)) {
        // Put the old folder back unless another run's folder is already in place.
        try {
          fs.renameSync(backup, target)
        } catch {
          removeQuietly(backup)
        }
        throw e
      }
      removeQuietly(backup)
    }
  }
  throw Object.assign(new Error(`other runs kept replacing ${target}`), { code: 'EBUSY' })
}

/** rename(2) refuses to replace a folder that has entries: ENOTEMPTY on Linux, EEXIST elsewhere. */
function isOccupied(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code
  return code === 'ENOTEMPTY' || code === 'EEXIST'
}

/** `.NAME.mwpack-tmp-PID-RANDOM`: the owner's pid tells a live run's folder from a killed run's leftovers. */
function siblingName(base: string, tag: string): string {
  return `.${base}${tag}${process.pid}-${randomBytes(4).toString('hex')}`
}

/**
 * Is the run that made this sibling still running? Its pid is in the name;
 * names without one (an older mwpack) count as left behind. A pid reused by
 * another process keeps a leftover until that process ends: harmless.
 */
function ownerAlive(name: string): boolean {
  const pid = /-(\d+)-[0-9a-f]+$/.exec(name)?.[1]
  if (pid === undefined) return false
  try {
    process.kill(Number(pid), 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Removes a folder this run owns or a dead run left; failing to is not worth failing a build for. */
function removeQuietly(folder: string): void {
  try {
    fs.rmSync(folder, { recursive: true, force: true })
  } catch {
    // Left for the next run's recoverInterrupted.
  }
}

/**
 * A write failure the user can fix (a path through a file, a folder in the
 * way, a read-only disk), as a diagnostic naming the path and, when the user
 * gave it by a flag, the flag. Undefined for a failure that is no errno.
 */
export function writeDiagnostic(e: unknown, display: string, flag: string | undefined): Diagnostic | undefined {
  const code = (e as NodeJS.ErrnoException).code
  if (!code) return undefined
  const reasons: Record<string, string> = {
    ENOTDIR: 'a part of the path is a file',
    EISDIR: 'a folder is in the way',
    ENOTEMPTY: 'a folder is in the way',
    ELOOP: 'a symbolic link in the path leads in a loop',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EIO: 'the disk reported an input/output error',
    EEXIST: 'something else is in the way',
    ENAMETOOLONG: 'the path is too long',
    ENOENT: 'the folder was moved or removed while mwpack wrote it (another run replacing it?)',
    EBUSY: 'other mwpack runs kept replacing it at the same time',
  }
  const what = flag ? `${flag} ${display}` : display
  return error('MWP_OUT_UNWRITABLE', `cannot write ${what}: ${reasons[code] ?? `the system refused (${code})`}`, {
    hint: 'nothing was changed; choose another folder',
  })
}

/**
 * Cleans up after runs that were killed: their temp folders go, and an
 * orphaned backup comes back when the folder itself is missing. Siblings
 * of runs still alive (building into the same folder right now) are left
 * alone; any of these steps may race with another run doing the same, so
 * each tolerates finding its work already done.
 */
function recoverInterrupted(parent: string, base: string): void {
  const target = path.join(parent, base)
  for (const name of fs.readdirSync(parent)) {
    if (!name.startsWith(`.${base}${TEMP_TAG}`) && !name.startsWith(`.${base}${OLD_TAG}`)) continue
    if (ownerAlive(name)) continue
    const sibling = path.join(parent, name)
    if (name.startsWith(`.${base}${OLD_TAG}`) && !fs.existsSync(target)) {
      try {
        fs.renameSync(sibling, target)
        continue
      } catch {
        // Another run restored a backup or installed a folder first.
      }
    }
    removeQuietly(sibling)
  }
}
