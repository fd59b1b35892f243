// May mwpack replace this output folder? Refuses the current folder, folders holding the inputs, links and the user's folders.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { MANIFEST_FILE, OWN_FILES } from '../artifact-layout.js'
import { error, type Diagnostic } from '../diagnostics/diagnostic.js'
import { FILE_LIMITS } from '../input-limits.js'
import { readBounded } from '../node/read-source.js'
import { TEMP_TAG } from '../node/replace-file.js'
import { writeDiagnostic } from './write-output.js'

/** A file the run reads, which the output folder must not hold. */
export interface RunInput {
  /** What it is, as messages name it: `memo`, `cluster config`. */
  role: string
  /** The path as the user gave it. */
  display: string
  absolute: string
}

export interface OutputFolderRequest {
  /** The folder as the user typed it. */
  display: string
  absolute: string
  /** What named the folder in messages: `--out`, `the output folder`. */
  flag: string
  /** The run's working folder: replacing it (or a folder above it) would pull the ground from under the shell. */
  cwd: string
  inputs: readonly RunInput[]
}

/**
 * May mwpack replace this folder as a whole (build, render)? A diagnostic
 * when not, checked in this order:
 *
 * - the current folder or one above it (`--out .`, `--out ..`): swapping it
 *   out leaves the shell in a deleted folder (MWP_OUT_UNSAFE);
 * - the folder holding an input, or one above it: replacing it deletes the
 *   memo or config being built (MWP_OUT_UNSAFE);
 * - a symbolic link: the swap would replace the link, not the folder it
 *   points to (MWP_OUT_UNSAFE);
 * - a file (MWP_OUT_IS_FILE);
 * - a folder mwpack did not write: anything but mwpack's own file names, or
 *   those names without a MANIFEST.json of mwpack's (MWP_OUT_NOT_OURS).
 *
 * A folder that does not exist yet, or is empty, is fine. Paths are compared
 * after resolving links, so `--out link-to-here` is the current folder too.
 */
export function checkOutputFolder(request: OutputFolderRequest): Diagnostic | undefined {
  const { display, absolute, flag } = request
  const hint = `mwpack replaces ${flag} as a whole; give it a folder of its own, such as dist/NAME`
  const out = realPath(absolute)
  if (isWithin(realPath(request.cwd), out)) {
    const where = out === realPath(request.cwd) ? 'is the current folder' : 'is a folder above the current folder'
    return error('MWP_OUT_UNSAFE', `${flag} ${display} ${where}; replacing it would delete everything in it`, { hint })
  }
  for (const input of request.inputs) {
    // Both where the input's name is (a link, perhaps) and where its bytes are.
    const places = [path.join(realPath(path.dirname(input.absolute)), path.basename(input.absolute)), realPath(input.absolute)]
    if (places.includes(out)) return error('MWP_OUT_UNSAFE', `${flag} ${display} is the ${input.role} itself; expected a folder`, { hint })
    if (places.some((place) => isWithin(place, out))) {
      return error('MWP_OUT_UNSAFE', `${flag} ${display} holds the ${input.role} ${input.display}; replacing it would delete it`, { hint })
    }
  }

  let stat: fs.Stats
  try {
    stat = fs.lstatSync(absolute)
  } catch {
    return undefined
  }
  if (stat.isSymbolicLink()) {
    return error('MWP_OUT_UNSAFE', `${flag} ${display} is a symbolic link; replacing it would replace the link, not the folder it points to`, {
      hint: `give ${flag} the folder's own path`,
    })
  }
  if (!stat.isDirectory()) {
    return error('MWP_OUT_IS_FILE', `${flag} ${display} exists and is not a folder`, { hint: `choose a folder path for ${flag}` })
  }
  let entries: fs.Dirent[]
  try {
    entries = fs.readdirSync(absolute, { withFileTypes: true })
  } catch (e) {
    // Another run is swapping the folder right now: it is mwpack's, and missing for a moment.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    const d = writeDiagnostic(e, display, flag)
    if (!d) throw e
    return d
  }
  if (entries.length === 0) return undefined
  const ours = (entry: fs.Dirent) => entry.isFile() && (OWN_FILES.has(entry.name) || entry.name.includes(TEMP_TAG))
  const foreign = entries.filter((entry) => !ours(entry)).map((entry) => entry.name)
  const notOurs = (why: string) =>
    error('MWP_OUT_NOT_OURS', `${flag} ${display} ${why}; refusing to replace it`, { hint: `point ${flag} at an empty or mwpack-built folder` })
  if (foreign.length > 0) {
    const names = foreign.sort().slice(0, 3)
    return notOurs(`holds files mwpack did not write (${names.join(', ')}${foreign.length > 3 ? ', ...' : ''})`)
  }
  // The right names are not enough (a folder of the user's own memo.md): mwpack's folders carry its manifest.
  if (!entries.some((e) => e.name === MANIFEST_FILE) || !hasOwnManifest(path.join(absolute, MANIFEST_FILE))) {
    return notOurs(
      `holds ${entries
        .map((e) => e.name)
        .sort()
        .slice(0, 3)
        .join(', ')} but no ${MANIFEST_FILE} of mwpack's, so mwpack did not build it`,
    )
  }
  return undefined
}

/**
 * Does this MANIFEST.json (listed in its folder) say mwpack wrote it? Read as
 * a regular file within the manifest limit. Gone since the listing (ENOENT)
 * means another run is swapping the folder right now: it is mwpack's.
 */
function hasOwnManifest(file: string): boolean {
  const read = readBounded(file, FILE_LIMITS.manifestBytes, { follow: false })
  if (!read.ok) return read.reason === 'io' && read.error.code === 'ENOENT'
  try {
    const manifest = JSON.parse(Buffer.from(read.bytes).toString('utf8')) as { schema_version?: unknown; tool?: { name?: unknown } }
    return typeof manifest.schema_version === 'string' && manifest.schema_version.startsWith('mwpack.manifest/') && manifest.tool?.name === 'mwpack'
  } catch {
    return false
  }
}

/** Is `inner` the folder `outer` or somewhere under it? Both absolute and resolved. */
function isWithin(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner)
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
}

/** The path with every link resolved, as far as it exists; the rest appended as written. */
function realPath(absolute: string): string {
  try {
    return fs.realpathSync.native(absolute)
  } catch {
    const parent = path.dirname(absolute)
    return parent === absolute ? absolute : path.join(realPath(parent), path.basename(absolute))
  }
}
