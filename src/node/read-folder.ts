// Reads an artifact folder as verify's members: each file checked by size before it is read, links and folders never followed.
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { ArchiveMember } from '../archive/archive-member.js'
import { error, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.js'
import { FILE_LIMITS, MAX_FOLDER_ENTRIES } from '../input-limits.js'
import { readBounded, readDiagnostic, readSource, type ReadResult, type SourceRole } from './read-source.js'

/**
 * The entries of an artifact folder, as if it were an archive: regular files
 * with their bytes, links, folders and special files by kind (verify refuses
 * them), `skip` left out. Each file is read only after its size is checked
 * (a 3 GB file is refused in a microsecond, not read), through a descriptor
 * that does not follow links. At most MAX_FOLDER_ENTRIES entries are looked
 * at. `display` names the folder in diagnostics.
 */
export function readFolderMembers(absolute: string, display: string, skip: ReadonlySet<string>): Outcome<ArchiveMember[]> {
  const members: ArchiveMember[] = []
  const diagnostics: Diagnostic[] = []
  const folder = fs.opendirSync(absolute)
  try {
    let seen = 0
    for (let entry = folder.readSync(); entry !== null; entry = folder.readSync()) {
      if (++seen > MAX_FOLDER_ENTRIES) {
        return {
          ok: false,
          diagnostics: [
            error('MWP_FILE_TOO_LARGE', `the folder has more than ${MAX_FOLDER_ENTRIES} entries; an artifact folder has about six`, { file: display }),
          ],
        }
      }
      if (skip.has(entry.name)) continue
      const kind = entry.isSymbolicLink() ? 'symlink' : entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other'
      if (kind !== 'file') {
        members.push({ name: entry.name, kind, mode: undefined, bytes: new Uint8Array() })
        continue
      }
      const read = readBounded(path.join(absolute, entry.name), FILE_LIMITS.bundleFileBytes, { follow: false })
      if (read.ok) members.push({ name: entry.name, kind, mode: undefined, bytes: read.bytes })
      else diagnostics.push(readDiagnostic(read, `${display.replace(/[\\/]+$/, '')}/${entry.name}`, 'bundle file'))
    }
  } finally {
    folder.closeSync()
  }
  // Directory order is the file system's; verify reports in name order wherever the folder lives.
  members.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return diagnostics.length > 0 ? { ok: false, diagnostics } : { ok: true, value: members, diagnostics: [] }
}

/**
 * One file of a built folder (`package` reads the manifest's files this
 * way): `name` is POSIX-relative to `folder`, and neither the file nor any
 * folder on the way to it may be a symbolic link, so what is read is what
 * the folder holds, never a file elsewhere that a link points to. FIFOs and
 * devices are refused without blocking, sizes checked before reading
 * (readSource). `display` names the folder in diagnostics.
 */
export function readFolderFile(folder: string, display: string, name: string, role: SourceRole): ReadResult {
  const shown = (relative: string) => `${display.replace(/[\\/]+$/, '')}/${relative}`
  const segments = name.split('/')
  for (let i = 1; i < segments.length; i++) {
    const between = segments.slice(0, i).join('/')
    let stat: fs.Stats
    try {
      stat = fs.lstatSync(path.join(folder, between))
    } catch {
      break // Missing: the read below says so, naming the file.
    }
    if (stat.isSymbolicLink()) {
      const hint = 'a built folder holds regular files only; rebuild it with mwpack build'
      return { ok: false, diagnostic: error('MWP_FILE_UNREADABLE', `the folder on the way to ${name} is a symbolic link`, { file: shown(between), hint }) }
    }
  }
  return readSource(shown(name), path.join(folder, ...segments), role, undefined, { follow: false })
}
