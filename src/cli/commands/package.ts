// `mwpack package`: re-archives a built folder as bundle.zip or bundle.tar.gz.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { tarGzBundle } from '../../archive/tar-bundle.js'
import { zipBundle } from '../../archive/zip-bundle.js'
import { BUNDLE_FILE, MANIFEST_FILE, TAR_BUNDLE_FILE } from '../../artifact-layout.js'
import { error, type Diagnostic } from '../../diagnostics/diagnostic.js'
import { parseManifest } from '../../manifest/parse-manifest.js'
import { sha256Hex } from '../../manifest/sha256.js'
import { EXIT, userError, type CliContext, type CommandOutcome } from '../context.js'
import type { ParsedCommandLine } from '../parse-command-line.js'
import { readFolderFile } from '../../node/read-folder.js'
import { replaceFile } from '../../node/replace-file.js'
import { writeDiagnostic } from '../write-output.js'

const FORMATS = { zip: BUNDLE_FILE, 'tar.gz': TAR_BUNDLE_FILE } as const

export async function runPackage(args: ParsedCommandLine, context: CliContext): Promise<CommandOutcome> {
  const flagDir = args.flags.dir as string | undefined
  const positional = args.positionals[0]
  if (flagDir && positional && flagDir !== positional) {
    return userError([error('MWP_ARG_CONFLICT', `two folders given: --dir ${flagDir} and ${positional}`)])
  }
  const dir = flagDir ?? positional
  if (!dir) return userError([error('MWP_ARG_MISSING', 'no artifact folder given', { hint: 'mwpack package dist/5mw' })])
  const format = (args.flags.format as string | undefined) ?? 'zip'
  if (!(format in FORMATS)) {
    return userError([error('MWP_ARG_INVALID', `--format ${format} is not supported`, { hint: 'use --format zip or --format tar.gz' })])
  }
  const absolute = path.resolve(context.cwd, dir)
  if (!fs.existsSync(absolute) || !fs.statSync(absolute).isDirectory()) {
    return userError([error('MWP_FILE_NOT_FOUND', `the artifact folder ${dir} does not exist or is not a folder`, { hint: 'run mwpack build first' })])
  }

  // Every file is read from inside the folder, links refused: a link would put another file's bytes in the bundle.
  const manifestRead = readFolderFile(absolute, dir, MANIFEST_FILE, 'manifest')
  if (!manifestRead.ok) {
    const missing = manifestRead.diagnostic.code === 'MWP_FILE_NOT_FOUND'
    return userError([
      missing ? { ...manifestRead.diagnostic, hint: `${dir} is not an mwpack artifact folder; run mwpack build first` } : manifestRead.diagnostic,
    ])
  }
  const parsed = parseManifest(manifestRead.source.bytes, manifestRead.source.file)
  if (!parsed.ok) return userError(parsed.diagnostics)

  // Package exactly what the manifest lists, and only if it still matches: a bundle must never
  // carry a manifest that lies about its neighbours.
  const diagnostics: Diagnostic[] = []
  const entries = [{ path: MANIFEST_FILE, bytes: manifestRead.source.bytes }]
  for (const record of parsed.value.files) {
    const file = readFolderFile(absolute, dir, record.path, 'artifact')
    if (!file.ok) {
      diagnostics.push(file.diagnostic)
      continue
    }
    if (sha256Hex(file.source.bytes) !== record.sha256) {
      diagnostics.push(
        error('MWP_ENTRY_HASH_MISMATCH', `${record.path} no longer matches ${MANIFEST_FILE}`, { file: file.source.file, hint: 'rebuild with mwpack build' }),
      )
      continue
    }
    entries.push({ path: record.path, bytes: file.source.bytes })
  }
  if (diagnostics.length > 0) return userError(diagnostics)

  // The archive's timestamps come from the manifest, so `package` reproduces `build`'s bytes.
  const epoch = parsed.value.source_date_epoch
  const bytes = format === 'zip' ? await zipBundle(entries, epoch) : tarGzBundle(entries, epoch)
  const fileName = FORMATS[format as keyof typeof FORMATS]
  const written = `${dir.replace(/[\\/]+$/, '')}/${fileName}`
  try {
    replaceFile(path.join(absolute, fileName), bytes)
  } catch (e) {
    // The archive is the file that could not be written; name it, not the folder (given by --dir or as an argument).
    const d = writeDiagnostic(e, written, undefined)
    if (!d) throw e
    return userError([{ ...d, hint: `nothing was changed; move ${written} out of the way, or package another folder` }])
  }
  const sha256 = sha256Hex(bytes)
  return {
    exitCode: EXIT.ok,
    diagnostics: [],
    text: [`packaged ${written} (${bytes.length} bytes, sha256 ${sha256})`],
    data: { archive: written, format, size: bytes.length, sha256, entries: entries.map((e) => e.path).sort() },
  }
}
