// `mwpack init [dir]`: writes a starter memo and cluster.json that build as they are.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { error } from '../../diagnostics/diagnostic.js'
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

/**
 * Writes `DIR/sizing.memo.md` (docs/memo_template.md) and `DIR/cluster.json` (the
 * playground's 5 MW config), which `mwpack build DIR/sizing.memo.md` accepts as
 * they are. Refuses, writing nothing, when either file exists: a starter never
 * replaces a user's work. `$schema` points at the installed package's schema
 * when there is one above DIR (editors then work offline), else at its URL.
 */
export function runInit(args: ParsedCommandLine, context: CliContext): CommandOutcome {
  const dirArg = args.positionals[0] ?? '.'
  const dir = path.resolve(context.cwd, dirArg)
  const shown = (file: string) => path.join(dirArg, file).split(path.sep).join('/')
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) {
    return userError([error('MWP_OUT_IS_FILE', `${dirArg} is a file, expected a folder for the starter memo`, { hint: 'give a folder: mwpack init docs' })])
  }
  const taken = [STARTER_MEMO, STARTER_CONFIG].filter((file) => fs.existsSync(path.join(dir, file)))
  if (taken.length > 0) {
    return userError(
      taken.map((file) =>
        error('MWP_OUT_NOT_OURS', `${shown(file)} already exists; mwpack init writes only new files and changed nothing`, {
          file: shown(file),
          hint: 'run it in another folder (mwpack init docs/new-site), or move the file away',
        }),
      ),
    )
  }

  const packageRoot = findPackageRoot()
  const template = fs.readFileSync(path.join(packageRoot, TEMPLATE), 'utf8')
  const example = JSON.parse(fs.readFileSync(path.join(packageRoot, EXAMPLE_CONFIG), 'utf8')) as Record<string, unknown>
  const config = { ...example, $schema: schemaReference(dir) }

  fs.mkdirSync(dir, { recursive: true })
  const written: string[] = []
  for (const [file, text] of [
    [STARTER_CONFIG, `${JSON.stringify(config, null, 2)}\n`],
    [STARTER_MEMO, template],
  ] as const) {
    const target = path.join(dir, file)
    const temporary = `${target}.${process.pid}.tmp`
    fs.writeFileSync(temporary, text, { flag: 'wx' })
    // link() fails when the target appeared meanwhile: a file is never replaced.
    try {
      fs.linkSync(temporary, target)
    } finally {
      fs.rmSync(temporary, { force: true })
    }
    written.push(shown(file))
  }
  return {
    exitCode: EXIT.ok,
    diagnostics: [],
    text: [`wrote ${written.join(' and ')}`, `next: mwpack build ${shown(STARTER_MEMO)}`],
    data: { written },
  }
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
