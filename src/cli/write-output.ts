// The CLI's writing edge: checks output folders and replaces them atomically.
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { OWN_FILES } from '../artifact-layout.js'
import { error, type Diagnostic } from '../diagnostics/diagnostic.js'

/**
 * Outputs are written so that a failed or interrupted run leaves the previous
 * result untouched. (Reading is in node/read-source.ts, shared with the plugin.)
 */

/** Name parts of mwpack's own temporary files and folders, so a killed run's leftovers are recognised. */
const TEMP_TAG = '.mwpack-tmp-'
const OLD_TAG = '.mwpack-old-'

/**
 * May mwpack replace this folder? Yes when it does not exist, or holds only
 * files mwpack writes. A folder with anything else (`--out .`, `--out src`)
 * is refused: replacing it would delete the user's files.
 */
export function checkOutputFolder(display: string, absolute: string, flag: string): Diagnostic | undefined {
  let stat: fs.Stats
  try {
    stat = fs.lstatSync(absolute)
  } catch {
    return undefined
  }
  if (!stat.isDirectory()) {
    return error('MWP_OUT_IS_FILE', `${flag} ${display} exists and is not a folder`, { hint: `choose a folder path for ${flag}` })
  }
  const ours = (name: string) => OWN_FILES.has(name) || name.includes(TEMP_TAG)
  const foreign = fs.readdirSync(absolute, { withFileTypes: true }).filter((entry) => !(entry.isFile() && ours(entry.name)))
  if (foreign.length > 0) {
    const names = foreign
      .map((e) => e.name)
      .sort()
      .slice(0, 3)
    return error(
      'MWP_OUT_NOT_OURS',
      `${flag} ${display} holds files mwpack did not write (${names.join(', ')}${foreign.length > 3 ? ', ...' : ''}); refusing to replace it`,
      {
        hint: `point ${flag} at an empty or mwpack-built folder`,
      },
    )
  }
  return undefined
}

/**
 * Replaces folder `target` with exactly `files`, atomically as far as POSIX
 * allows: everything is written in a sibling temp folder, then
 * swapped in with two renames. Until the first rename the old folder is
 * untouched; a run killed between the renames leaves the old folder under a
 * backup name, which the next run puts back before doing anything else, and
 * a run killed while writing leaves only a temp folder the next run removes.
 */
export function replaceFolder(target: string, files: ReadonlyMap<string, Uint8Array>): void {
  const parent = path.dirname(target)
  const base = path.basename(target)
  fs.mkdirSync(parent, { recursive: true })
  recoverInterrupted(parent, base)

  // mkdir (not mkdtemp, which makes 0700) so the folder gets the usual umask-derived mode.
  const temp = path.join(parent, `.${base}${TEMP_TAG}${randomBytes(4).toString('hex')}`)
  fs.mkdirSync(temp)
  try {
    // Not fsynced: the guarantee is against interruption (a killed run), and every output is
    // reproducible from its inputs, so a power cut costs a rebuild, not data. Flushing each
    // file took a tenth of a build.
    for (const [name, bytes] of files) fs.writeFileSync(path.join(temp, name), bytes)
    if (fs.existsSync(target)) {
      const backup = path.join(parent, `.${base}${OLD_TAG}${randomBytes(4).toString('hex')}`)
      fs.renameSync(target, backup)
      try {
        fs.renameSync(temp, target)
      } catch (e) {
        fs.renameSync(backup, target)
        throw e
      }
      fs.rmSync(backup, { recursive: true, force: true })
    } else {
      fs.renameSync(temp, target)
    }
  } catch (e) {
    fs.rmSync(temp, { recursive: true, force: true })
    throw e
  }
}

/** Writes one file by temp file + rename in the same folder, so readers see the old bytes or the new, never half. */
export function replaceFile(target: string, bytes: Uint8Array): void {
  const temp = `${target}${TEMP_TAG}${randomBytes(4).toString('hex')}`
  try {
    fs.writeFileSync(temp, bytes)
    fs.renameSync(temp, target)
  } catch (e) {
    fs.rmSync(temp, { force: true })
    throw e
  }
}

/** A write failure the user can fix (a path through a file, a read-only disk), as a diagnostic naming the flag. */
export function writeDiagnostic(e: unknown, display: string, flag: string): Diagnostic | undefined {
  const code = (e as NodeJS.ErrnoException).code
  if (!code) return undefined
  const reasons: Record<string, string> = {
    ENOTDIR: 'a part of the path is a file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full',
    EEXIST: 'something else is in the way',
    ENAMETOOLONG: 'the path is too long',
  }
  return error('MWP_OUT_UNWRITABLE', `cannot write ${flag} ${display}: ${reasons[code] ?? code}`, { hint: 'nothing was changed; choose another folder' })
}

/** Cleans up after a run that was killed: stray temp folders go, an orphaned backup comes back. */
function recoverInterrupted(parent: string, base: string): void {
  const siblings = fs.readdirSync(parent)
  for (const name of siblings) {
    if (name.startsWith(`.${base}${TEMP_TAG}`)) fs.rmSync(path.join(parent, name), { recursive: true, force: true })
  }
  const backups = siblings.filter((name) => name.startsWith(`.${base}${OLD_TAG}`))
  const target = path.join(parent, base)
  for (const name of backups) {
    if (!fs.existsSync(target)) fs.renameSync(path.join(parent, name), target)
    else fs.rmSync(path.join(parent, name), { recursive: true, force: true })
  }
}
