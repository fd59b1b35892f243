// The command table: flags, help and examples of every command, implementations loaded on demand.
import type { CliContext, CommandOutcome } from './context.js'
import type { FlagSpec, ParsedCommandLine } from './parse-command-line.js'

/**
 * Every command's interface (flags, help, examples) in one table; each
 * implementation is loaded only when its command runs, so `mwpack size`
 * never pays for the zip writer or the Markdown parser.
 */
export interface Command {
  name: string
  summary: string
  usage: string
  flags: FlagSpec
  maxPositionals: number
  examples: string[]
  load(): Promise<(args: ParsedCommandLine, context: CliContext) => CommandOutcome | Promise<CommandOutcome>>
}

const json = { type: 'boolean', description: 'print one JSON document on stdout' } as const

const MEMO_FLAGS = {
  memo: { type: 'string', description: 'the memo to read (or give it as the first argument)', value: 'PATH' },
  config: { type: 'string', description: 'the cluster config (default: NAME.cluster.json, then cluster.json, beside the memo)', value: 'PATH' },
  strict: { type: 'boolean', description: 'treat sizing warnings (below min_nodes, nothing fits) as errors' },
  json,
} as const

/** What `build` takes, and `render` with it (render is build plus the page). */
const BUILD_FLAGS = {
  ...MEMO_FLAGS,
  out: { type: 'string', description: 'the artifact folder to write (default: dist/NAME); replaced as a whole', value: 'DIR' },
  name: { type: 'string', description: 'artifact name (default: from the memo file name, 5mw.memo.md -> 5mw)', value: 'NAME' },
  'source-date-epoch': { type: 'string', description: 'timestamp for the zip entries (default: $SOURCE_DATE_EPOCH, else 0)', value: 'N' },
} as const

export const COMMANDS: readonly Command[] = [
  {
    name: 'init',
    summary: 'write a starter memo and cluster.json that build as they are',
    usage: 'mwpack init [dir] [--json]',
    flags: { json },
    maxPositionals: 1,
    examples: ['mwpack init', 'mwpack init docs', 'mwpack init docs && mwpack build docs/sizing.memo.md'],
    load: () => import('./commands/init.js').then((m) => m.runInit),
  },
  {
    name: 'validate',
    summary: 'check a memo and its cluster config; write nothing',
    usage: 'mwpack validate [memo] [--config PATH] [--strict] [--json]',
    flags: { ...MEMO_FLAGS, name: { type: 'string', description: 'check this artifact name instead of the one from the file name', value: 'NAME' } },
    maxPositionals: 1,
    examples: [
      'mwpack validate docs/5mw.memo.md',
      'mwpack validate --memo notes.md --config lab.cluster.json --json',
      'mwpack validate docs/5mw.memo.md --strict',
    ],
    load: () => import('./commands/validate.js').then((m) => m.runValidate),
  },
  {
    name: 'build',
    summary: 'write the normalized memo, sizing report, manifest and bundle.zip',
    usage: 'mwpack build [memo] [--config PATH] [--out DIR] [--name NAME] [--source-date-epoch N] [--strict] [--json]',
    flags: BUILD_FLAGS,
    maxPositionals: 1,
    examples: [
      'mwpack build docs/5mw.memo.md',
      'mwpack build --memo docs/5mw.memo.md --config docs/5mw.cluster.json --out dist/demo',
      'SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) mwpack build docs/5mw.memo.md --json',
    ],
    load: () => import('./commands/build.js').then((m) => m.runBuild),
  },
  {
    name: 'package',
    summary: 'archive a built artifact folder as bundle.zip or bundle.tar.gz',
    usage: 'mwpack package [dir] [--format zip|tar.gz] [--json]',
    flags: {
      dir: { type: 'string', description: 'the artifact folder (or give it as the first argument)', value: 'DIR' },
      format: { type: 'string', description: 'zip (default) or tar.gz', value: 'FORMAT' },
      json,
    },
    maxPositionals: 1,
    examples: ['mwpack package dist/5mw', 'mwpack package --dir dist/demo --format tar.gz --json'],
    load: () => import('./commands/package.js').then((m) => m.runPackage),
  },
  {
    name: 'verify',
    summary: 'prove a bundle.zip, bundle.tar.gz or artifact folder is intact',
    usage: 'mwpack verify <bundle.zip | bundle.tar.gz | dir> [--json]',
    flags: { json },
    maxPositionals: 1,
    examples: ['mwpack verify dist/5mw/bundle.zip', 'mwpack verify dist/5mw', 'mwpack verify release/bundle.tar.gz --json'],
    load: () => import('./commands/verify.js').then((m) => m.runVerify),
  },
  {
    name: 'size',
    summary: 'size a cluster from a config alone, check a fixed node count, or sweep it over IT caps',
    usage: 'mwpack size [config] [--config PATH] [--nodes N | --sweep-cap FROM..TO --step S] [--csv | --json]',
    flags: {
      config: { type: 'string', description: 'the cluster config (or give it as the first argument)', value: 'PATH' },
      nodes: { type: 'string', description: "evaluate exactly N nodes (a vendor's reference design) instead of the most that fit", value: 'N' },
      'sweep-cap': {
        type: 'string',
        description: 'size at every IT cap (or, with a facility block, grid connection) from FROM to TO megawatts instead of the configured one',
        value: 'FROM..TO',
      },
      step: { type: 'string', description: 'megawatts between the caps of --sweep-cap', value: 'MW' },
      csv: { type: 'boolean', description: 'print the sweep as CSV, one row per cap' },
      json: { type: 'boolean', description: 'print cluster_report.json exactly as build writes it (with --sweep-cap: the sweep)' },
    },
    maxPositionals: 1,
    examples: [
      'mwpack size docs/5mw.cluster.json',
      'mwpack size --config docs/5mw.cluster.json --json > cluster_report.json',
      'mwpack size docs/5mw.cluster.json --sweep-cap 1..10 --step 0.5',
      'mwpack size gb200.cluster.json --nodes 144',
      'mwpack size docs/5mw.cluster.json --sweep-cap 0.5..20 --step 0.5 --csv > sweep.csv',
    ],
    load: () => import('./commands/size.js').then((m) => m.runSize),
  },
  {
    name: 'render',
    summary: 'build, and write memo.html: one self-contained, printable page (or memo.pdf)',
    usage: 'mwpack render [memo] [--config PATH] [--out DIR] [--engine builtin|pandoc] [--format html|pdf] [--json]',
    flags: {
      ...BUILD_FLAGS,
      engine: { type: 'string', description: 'builtin (CommonMark and tables, default) or pandoc', value: 'ENGINE' },
      format: { type: 'string', description: 'html (default), or pdf printed with headless Chromium', value: 'FORMAT' },
    },
    maxPositionals: 1,
    examples: ['mwpack render docs/5mw.memo.md', 'mwpack render docs/5mw.memo.md --engine pandoc', 'mwpack render docs/5mw.memo.md --format pdf'],
    load: () => import('./commands/render.js').then((m) => m.runRender),
  },
]
