// Where the command line keeps V8's compiled code between runs, and whether that folder is safe to trust.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

/**
 * The folder for the command line's code cache, or undefined for none.
 *
 * Node's own switches decide, as for its compile cache (`module.enableCompileCache`,
 * Node 22.1+), so one setting governs both: `NODE_DISABLE_COMPILE_CACHE=1` turns it
 * off; `NODE_COMPILE_CACHE=DIR` puts it in `DIR/mwpack`; otherwise it is
 * `mwpack-code-cache-UID` in the system's temporary folder. Never the package folder,
 * which may be read-only and is shared by every user of a global install.
 */
export function codeCacheFolder(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined
  if (env.NODE_COMPILE_CACHE) return path.resolve(env.NODE_COMPILE_CACHE, 'mwpack')
  const uid = process.getuid?.()
  return path.join(os.tmpdir(), uid === undefined ? 'mwpack-code-cache' : `mwpack-code-cache-${uid}`)
}

/**
 * Whether `folder` may hold cached code: a real folder (not a link) that only
 * the current user can write. Cached code runs as it is, so a folder another
 * user could write into (a shared /tmp) would let them run code as this user.
 * Creates the folder (mode 0700) when `create` is set and it is missing.
 * Never throws: an unusable folder only means no cache.
 */
export function trustedFolder(folder: string, create: boolean): boolean {
  try {
    if (create) fs.mkdirSync(folder, { recursive: true, mode: 0o700 })
    const stat = fs.lstatSync(folder)
    if (!stat.isDirectory()) return false
    const uid = process.getuid?.()
    // Windows has no owners or mode bits here; its temporary folder is per user.
    if (uid === undefined) return true
    return stat.uid === uid && (stat.mode & 0o022) === 0
  } catch {
    return false
  }
}
