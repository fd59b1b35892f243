// Runs one command line: dispatch, help, `--json`, exit codes, internal-error reporting.
import { error, type Diagnostic } from '../diagnostics/diagnostic.js'
import { clipText } from '../diagnostics/clip-text.js'
import { didYouMean } from '../diagnostics/did-you-mean.js'
import { formatDiagnostic } from '../diagnostics/format-diagnostic.js'
import { formatDiagnosticList } from '../diagnostics/format-diagnostic-list.js'
import { TOOL } from '../version.js'
import { COMMANDS, type Command } from './commands.js'
import { EXIT, type CliContext, type CommandOutcome, type ExitCode } from './context.js'
import { parseCommandLine } from './parse-command-line.js'

export const ISSUES_URL = 'https://github.com/mwpack/mwpack/issues'

export interface CliIo extends CliContext {
  stdout(text: string): void
  stderr(text: string): void
  /** Colour the severity in diagnostics (the bin decides: stderr is a TTY and NO_COLOR is unset). */
  color: boolean
}

/**
 * Runs one mwpack command line and returns its exit code. Results go to
 * stdout, diagnostics to stderr; with `--json`, stdout carries exactly one
 * JSON document, failures included.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [first, ...rest] = argv
  if (first === undefined || first === '--help' || first === '-h') {
    io.stdout(mainHelp())
    return first === undefined ? EXIT.userError : EXIT.ok
  }
  if (first === '--version' || first === '-v') {
    io.stdout(`${TOOL.version}\n`)
    return EXIT.ok
  }
  if (first === 'help') {
    const topic = COMMANDS.find((c) => c.name === rest[0])
    io.stdout(topic ? commandHelp(topic) : mainHelp())
    return EXIT.ok
  }

  const command = COMMANDS.find((c) => c.name === first)
  const json = rest.includes('--json')
  const debug = rest.includes('--debug')
  if (!command) {
    const suggestion = didYouMean(
      first,
      COMMANDS.map((c) => c.name),
    )
    const d = error('MWP_ARG_UNKNOWN', `unknown command ${JSON.stringify(clipText(first))}`, {
      hint: suggestion ? `did you mean mwpack ${suggestion}?` : 'see mwpack --help',
    })
    return finish({ exitCode: EXIT.userError, diagnostics: [d] }, first, json, io)
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(commandHelp(command))
    return EXIT.ok
  }

  const args = parseCommandLine(
    command.name,
    rest.filter((a) => a !== '--debug'),
    command.flags,
    command.maxPositionals,
  )
  if (!args.ok) return finish({ exitCode: EXIT.userError, diagnostics: [args.diagnostic] }, command.name, json, io)
  try {
    const run = await command.load()
    return finish(await run(args.value, io), command.name, json, io)
  } catch (thrown) {
    // A user mistake never gets here: every one is a diagnostic. This is a bug in mwpack.
    const e = thrown instanceof Error ? thrown : new Error(String(thrown))
    const d = error('MWP_INTERNAL', `internal error: ${e.message}`, {
      hint: `this is a bug in mwpack ${TOOL.version}; please report it at ${ISSUES_URL} with the command you ran`,
    })
    if (debug && e.stack) io.stderr(`${e.stack}\n`)
    else if (!json) io.stderr('(run again with --debug for the stack trace)\n')
    return finish({ exitCode: EXIT.internalError, diagnostics: [d] }, command.name, json, io)
  }
}

function finish(outcome: CommandOutcome, command: string, json: boolean, io: CliIo): ExitCode {
  // At most PRINTED_PER_FILE lines per file on the terminal; the --json document keeps every diagnostic.
  const fullList = json ? 'the JSON output lists them all' : 'run with --json for the full list'
  for (const line of formatDiagnosticList(outcome.diagnostics, { color: io.color, fullList })) io.stderr(`${line}\n`)
  if (json) {
    const document =
      outcome.document !== undefined && outcome.exitCode === EXIT.ok
        ? outcome.document
        : { ok: outcome.exitCode === EXIT.ok, command, exit_code: outcome.exitCode, ...outcome.data, diagnostics: outcome.diagnostics.map(jsonDiagnostic) }
    io.stdout(`${JSON.stringify(document, null, 2)}\n`)
  } else if (outcome.text && outcome.text.length > 0) {
    io.stdout(`${outcome.text.join('\n')}\n`)
  }
  return outcome.exitCode
}

/** Diagnostics in `--json` output: the data, with the one-line rendering beside it for logs. */
function jsonDiagnostic(d: Diagnostic) {
  return { ...d, text: formatDiagnostic(d) }
}

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length))
  return [
    `mwpack ${TOOL.version}: GPU-cluster design memos to validated sizing reports and reproducible bundles`,
    '',
    'Usage: mwpack <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  --help     show help (mwpack <command> --help for a command)',
    '  --version  print the version',
    '  --debug    print the stack trace of an internal error',
    '',
    'Exit codes: 0 success, 2 user error (bad input, validation failed), 3 internal error, 4 renderer missing',
    '',
    'Examples:',
    '  mwpack build docs/5mw.memo.md',
    '  mwpack verify dist/5mw/bundle.zip',
    '',
  ].join('\n')
}

function commandHelp(command: Command): string {
  const flags = Object.entries(command.flags).map(([name, f]) => [`--${name}${f.type === 'string' ? ` ${f.value ?? 'VALUE'}` : ''}`, f.description] as const)
  const width = Math.max(...flags.map(([f]) => f.length))
  return [
    `mwpack ${command.name}: ${command.summary}`,
    '',
    `Usage: ${command.usage}`,
    '',
    'Options:',
    ...flags.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`),
    '',
    'Examples:',
    ...command.examples.map((e) => `  ${e}`),
    '',
    'Exit codes: 0 success, 2 user error, 3 internal error',
    '',
  ].join('\n')
}
