// `mwpack init [dir]`: writes a starter memo and cluster.json that build as they are.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { error, type Diagnostic } from '../../diagnostics/diagnostic.js'
import { EXIT, userError, type CliContext, type CommandOutcome } from '../context.js'
import type { ParsedCommandLine } from '../parse-command-line.js'

/** The starter files, by the name `init` gives them, and where the package keeps their text. */
export const STARTER_MEMO = 'sizing.memo.md'
export const STARTER_CONFIG = 'cluster.json'
const TEMPLATE = 'docs/memo_template.md'
const EXAMPLE_CONFIG = 'playground/5mw.cluster.json'
const SCHEMA = 'schemas/cluster.schema.json'
/** The schema's public address (its `$id`), for folders without mwpack installed beneath them. */
const SCHEMA_URL = 'https://unpkg.com/mwpack/schemas/cluster.schema.json'

/** Why the file system refused, in words a user can act on; other failures are mwpack's own (exit 3). */
const REFUSALS: Readonly<Record<string, string>> = {
  ENOTDIR: 'a part of the path is a file',
  ENAMETOOLONG: 'the path is too long',
  ENOENT: 'the folder does not take new files',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ELOOP: 'the path loops through symbolic links',
  EEXIST: 'something else is in the way',
  EISDIR: 'a folder is in the way',
}

/**
 * Writes `DIR/sizing.memo.md` (docs/memo_template.md) and `DIR/cluster.json` (the
 * playground's 5 MW config), which `mwpack build DIR/sizing.memo.md` accepts as
 * they are. All or nothing: it refuses, writing nothing, when either name is
 * taken (by a file, a folder or a symbolic link, dangling or not), and when the
 * file system refuses a write it removes what it wrote and the folders it made.
 * `$schema` points at the installed package's schema when there is one above
 * DIR (editors then work offline), else at its URL.
 */
export function runInit(args: ParsedCommandLine, context: CliContext): CommandOutcome {
  const dirArg = args.positionals[0] ?? '.'
  const dir = path.resolve(context.cwd, dirArg)
  const shown = (file: string) => path.join(dirArg, file).split(path.sep).join('/')
  const refused = (e: unknown) => refusal(e, dirArg)

  const at = statOrUndefined(dir, refused)
  if (at && 'diagnostic' in at) return userError([at.diagnostic])
  if (at && !at.isDirectory()) {
    return userError([error('MWP_OUT_IS_FILE', `${dirArg} is a file, expected a folder for the starter memo`, { hint: 'give a folder: mwpack init docs' })])
  }
  const taken = [STARTER_MEMO, STARTER_CONFIG].flatMap((file) => {
    const found = lstatOrUndefined(path.join(dir, file))
    if (!found) return []
    const what = found.isSymbolicLink() && !fs.existsSync(path.join(dir, file)) ? ' (a symbolic link to a missing file)' : ''
    return [
      error('MWP_OUT_NOT_OURS', `${shown(file)} already exists${what}; mwpack init writes only new files and changed nothing`, {
        file: shown(file),
        hint: 'run it in another folder (mwpack init docs/new-site), or move the file away',
      }),
    ]
  })
  if (taken.length > 0) return userError(taken)

  const packageRoot = findPackageRoot()
  const template = fs.readFileSync(path.join(packageRoot, TEMPLATE), 'utf8')
  const example = JSON.parse(fs.readFileSync(path.join(packageRoot, EXAMPLE_CONFIG), 'utf8')) as Record<string, unknown>
  const files: Array<[string, string]> = [
    [STARTER_CONFIG, `${JSON.stringify({ ...example, $schema: schemaReference(dir) }, null, 2)}\n`],
    [STARTER_MEMO, template],
  ]

  const made = missingFolders(dir)
  const written: string[] = []
  const temporaries: string[] = []
  try {
    fs.mkdirSync(dir, { recursive: true })
    // Both files are written beside their places first, then linked in: link() fails rather than
    // replace a file that appeared meanwhile, and a failure before the second link undoes the first.
    for (const [file, text] of files) {
      const temporary = path.join(dir, `.${file}.${process.pid}.tmp`)
      fs.writeFileSync(temporary, text, { flag: 'wx' })
      temporaries.push(temporary)
    }
    files.forEach(([file], i) => {
      fs.linkSync(temporaries[i]!, path.join(dir, file))
      written.push(file)
    })
  } catch (e) {
    for (const file of written) fs.rmSync(path.join(dir, file), { force: true })
    for (const temporary of temporaries) fs.rmSync(temporary, { force: true })
    for (const folder of made.reverse()) removeEmptyFolder(folder)
    const diagnostic = refused(e)
    if (diagnostic) return userError([diagnostic])
    throw e
  } finally {
    for (const temporary of temporaries) fs.rmSync(temporary, { force: true })
  }
  const shownWritten = written.map(shown)
  return {
    exitCode: EXIT.ok,
    diagnostics: [],
    text: [`wrote ${shownWritten.join(' and ')}`, `next: mwpack build ${shown(STARTER_MEMO)}${insideVitePress(dir) ? '' : ' --out mwpack-out/sizing'}`],
    data: { written: shownWritten },
  }
}

/**
 * Whether `dir` is in a VitePress site (a `.vitepress` folder in it or above):
 * VitePress makes a page of every Markdown file under its root, a built
 * folder's memo.md included, but skips `dist/`, the command line's default
 * output. Elsewhere (Vite, Astro) `dist/` is the site's, so `--out` is named.
 */
function insideVitePress(dir: string): boolean {
  for (let at = dir; ; at = path.dirname(at)) {
    if (fs.existsSync(path.join(at, '.vitepress'))) return true
    if (at === path.dirname(at)) return false
  }
}

/** A file system refusal as the user's error, naming the folder; undefined for anything else. */
function refusal(e: unknown, dirArg: string): Diagnostic | undefined {
  const reason = REFUSALS[(e as NodeJS.ErrnoException).code ?? '']
  return reason ? error('MWP_OUT_UNWRITABLE', `cannot write the starter files into ${dirArg}: ${reason}; nothing was written`) : undefined
}

/** The folder's stat, undefined when nothing is there, or the refusal when the path itself is unusable. */
function statOrUndefined(file: string, refused: (e: unknown) => Diagnostic | undefined): fs.Stats | undefined | { diagnostic: Diagnostic } {
  try {
    return fs.statSync(file)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    const diagnostic = refused(e)
    if (diagnostic) return { diagnostic }
    throw e
  }
}

function lstatOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file)
  } catch {
    return undefined
  }
}

/** Removes a folder init made, if it is still empty (something else may have put a file there meanwhile). */
function removeEmptyFolder(folder: string): void {
  try {
    fs.rmdirSync(folder)
  } catch {
    // Not there, or not empty: either way not ours to remove.
  }
}

/** The folders `mkdir -p dir` would create, outermost first, to remove them again if init fails. */
function missingFolders(dir: string): string[] {
  const missing: string[] = []
  for (let at = dir; !lstatOrUndefined(at); at = path.dirname(at)) {
    missing.unshift(at)
    if (path.dirname(at) === at) break
  }
  return missing
}

/** The installed package's folder: the nearest one above this file whose package.json names mwpack. */
function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const manifest = path.join(dir, 'package.json')
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'mwpack') return dir
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error('mwpack init: the package files (docs/memo_template.md) are missing; reinstall mwpack')
    dir = parent
  }
}

/** `$schema` as a path relative to DIR when node_modules/mwpack is installed above it, else the schema's URL. */
function schemaReference(dir: string): string {
  for (let at = dir; ; at = path.dirname(at)) {
    const installed = path.join(at, 'node_modules/mwpack', SCHEMA)
    if (fs.existsSync(installed)) return path.relative(dir, installed).split(path.sep).join('/')
    if (path.dirname(at) === at) return SCHEMA_URL
  }
}
