// `mwpack verify`: checks a bundle.zip, bundle.tar.gz or artifact folder.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { readArchive, type ArchiveMember } from '../../archive/read-archive.js'
import { verifyMembers } from '../../pipeline/verify-bundle.js'
import { ARCHIVE_LIMITS } from '../../input-limits.js'
import { BUNDLE_FILE, HTML_FILE, MANIFEST_FILE, PDF_FILE, TAR_BUNDLE_FILE } from '../../artifact-layout.js'
import { error, warning, type Diagnostic, type Outcome } from '../../diagnostics/diagnostic.js'
import { EXIT, userError, type CliContext, type CommandOutcome } from '../context.js'
import type { ParsedCommandLine } from '../parse-command-line.js'
import { readFolderMembers } from '../../node/read-folder.js'
import { readSource } from '../../node/read-source.js'

/** Files mwpack writes beside the bundle's entries in an artifact folder; they are checked separately or not at all. */
const FOLDER_EXTRAS = new Set([BUNDLE_FILE, TAR_BUNDLE_FILE, HTML_FILE, PDF_FILE])

export async function runVerify(args: ParsedCommandLine, context: CliContext): Promise<CommandOutcome> {
  const target = args.positionals[0]
  if (!target) return userError([error('MWP_ARG_MISSING', 'nothing to verify', { hint: 'mwpack verify dist/5mw/bundle.zip' })])
  const absolute = path.resolve(context.cwd, target)
  let isFolder: boolean
  try {
    isFolder = fs.statSync(absolute).isDirectory()
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return userError([error('MWP_FILE_NOT_FOUND', 'the bundle to verify does not exist', { file: target })])
    return userError([error('MWP_FILE_UNREADABLE', `the bundle to verify cannot be read (${code ?? (e as Error).message})`, { file: target })])
  }

  const checks: Array<{ source: string; members: ArchiveMember[] }> = []
  const diagnostics: Diagnostic[] = []
  if (isFolder) {
    const folder = readFolderMembers(absolute, target, FOLDER_EXTRAS)
    if (folder.ok) checks.push({ source: target, members: folder.value })
    else for (const d of folder.diagnostics) diagnostics.push(d)
    // The page and the PDF are not bundle entries (docs: MANIFEST.json lists the bundle), so nothing vouches for them.
    for (const page of [HTML_FILE, PDF_FILE]) {
      if (!lstatOrUndefined(path.join(absolute, page))) continue
      diagnostics.push(
        warning('MWP_ENTRY_EXTRA', `${page} is not listed in ${MANIFEST_FILE}, so verify cannot check it: "intact" covers the bundle's files only`, {
          file: `${target.replace(/[\\/]+$/, '')}/${page}`,
          hint: 'render the page again from its memo with mwpack render before you publish it',
        }),
      )
    }
    for (const archive of [BUNDLE_FILE, TAR_BUNDLE_FILE]) {
      const inside = path.join(absolute, archive)
      // lstat, not exists: a link named bundle.zip (even a dangling one) is refused below, not skipped.
      if (!lstatOrUndefined(inside)) continue
      const display = `${target.replace(/[\\/]+$/, '')}/${archive}`
      const read = readArchiveFile(display, inside, { follow: false })
      if (read.ok) checks.push({ source: display, members: read.value })
      else for (const d of read.diagnostics) diagnostics.push(d)
    }
  } else {
    const read = readArchiveFile(target, absolute)
    if (!read.ok) return userError(read.diagnostics, { intact: false })
    checks.push({ source: target, members: read.value })
  }

  const results = checks.map(({ source, members }) => ({ source, ...verifyMembers(members, source) }))
  for (const result of results) for (const d of result.diagnostics) diagnostics.push(d)
  // A folder and the archives in it must tell the same story.
  const manifests = new Set(
    checks
      .map((c) => c.members.find((m) => m.name === MANIFEST_FILE))
      .filter((m) => m !== undefined)
      .map((m) => Buffer.from(m.bytes).toString('hex')),
  )
  if (manifests.size > 1)
    diagnostics.push(
      error('MWP_MANIFEST_INVALID', `the archives in ${target} hold a different ${MANIFEST_FILE} than the folder`, {
        file: target,
        hint: 'run mwpack package again',
      }),
    )

  const intact = diagnostics.every((d) => d.severity !== 'error')
  const summary = results.map((r) => ({ source: r.source, intact: r.ok, verified: r.verified, name: r.manifest?.name ?? null }))
  return {
    exitCode: intact ? EXIT.ok : EXIT.userError,
    diagnostics,
    text: intact ? results.map((r) => `${r.source}: intact (${r.verified.length + 1} entries: ${[MANIFEST_FILE, ...r.verified].join(', ')})`) : [],
    data: { intact, checked: summary },
  }
}

/**
 * An archive file's members: its size checked before it is read, its
 * structure by the strict readers. An archive inside a built folder must be
 * a regular file there (`follow: false`); one named on the command line may
 * be reached through a link the user made.
 */
function readArchiveFile(display: string, absolute: string, options: { follow?: boolean } = {}): Outcome<ArchiveMember[]> {
  const file = readSource(display, absolute, 'bundle', undefined, options)
  if (!file.ok) return { ok: false, diagnostics: [file.diagnostic] }
  return readArchive(file.source.bytes, display, ARCHIVE_LIMITS)
}

function lstatOrUndefined(absolute: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(absolute)
  } catch {
    return undefined
  }
}
