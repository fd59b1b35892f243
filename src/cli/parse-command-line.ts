// Strict flag parsing over node:util parseArgs, with errors that name the flag.
import { parseArgs } from 'node:util'
import { error, type Diagnostic } from '../diagnostics/diagnostic.js'
import { clipText } from '../diagnostics/clip-text.js'
import { didYouMean } from '../diagnostics/did-you-mean.js'

/** One command's flags: strings take a value, booleans do not. */
export type FlagSpec = Record<string, { type: 'string' | 'boolean'; description: string; value?: string }>

export interface ParsedCommandLine {
  flags: Record<string, string | boolean | undefined>
  positionals: string[]
}

/**
 * Strict flag parsing on top of node:util parseArgs, with errors as
 * diagnostics that name the flag: unknown flags get a did-you-mean, a flag
 * given twice or without its value is an error, never a silent last-wins.
 */
export function parseCommandLine(
  command: string,
  argv: readonly string[],
  spec: FlagSpec,
  maxPositionals: number,
): { ok: true; value: ParsedCommandLine } | { ok: false; diagnostic: Diagnostic } {
  const options = Object.fromEntries(Object.entries(spec).map(([name, s]) => [name, { type: s.type }]))
  let parsed
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, spec), options, allowPositionals: true, strict: true, tokens: true })
  } catch (e) {
    return { ok: false, diagnostic: argumentError(command, e as Error & { code?: string }, spec) }
  }
  const seen = new Set<string>()
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue
    if (seen.has(token.name)) {
      return { ok: false, diagnostic: error('MWP_ARG_CONFLICT', `--${token.name} is given more than once`, { hint: `give --${token.name} once` }) }
    }
    seen.add(token.name)
    if (spec[token.name]?.type === 'string' && (token.value === undefined || token.value === '')) {
      return {
        ok: false,
        diagnostic: error('MWP_ARG_MISSING', `--${token.name} needs a value`, {
          hint: `mwpack ${command} --${token.name} ${spec[token.name]?.value ?? 'VALUE'}`,
        }),
      }
    }
  }
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals[maxPositionals]!
    return {
      ok: false,
      diagnostic: error('MWP_ARG_UNKNOWN', `unexpected argument ${JSON.stringify(extra)} for mwpack ${command}`, { hint: `see mwpack ${command} --help` }),
    }
  }
  return { ok: true, value: { flags: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals } }
}

/**
 * `--nodes -1` as `--nodes=-1`: parseArgs reads a value starting with "-" as
 * a missing value, but no flag starts with a digit, so a negative number
 * after a value flag is that flag's value, and its own check says what is
 * wrong with it (a range, not "needs a value").
 */
function joinNegativeValues(argv: readonly string[], spec: FlagSpec): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const next = argv[i + 1]
    if (arg === '--') return [...out, ...argv.slice(i)]
    if (/^--[^=]+$/.test(arg) && spec[arg.slice(2)]?.type === 'string' && next !== undefined && /^-[0-9.]/.test(next)) {
      out.push(`${arg}=${next}`)
      i++
    } else out.push(arg)
  }
  return out
}

function argumentError(command: string, e: Error & { code?: string }, spec: FlagSpec): Diagnostic {
  const known = Object.keys(spec)
  const flag = /'(-{1,2}[^'\s]+)/.exec(e.message)?.[1] ?? ''
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const suggestion = didYouMean(flag.replace(/^-+/, ''), known)
    return error('MWP_ARG_UNKNOWN', `unknown option ${clipText(flag)} for mwpack ${command}`, {
      hint: suggestion ? `did you mean --${suggestion}?` : `see mwpack ${command} --help`,
    })
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    // Either a value flag without its value (or followed by something that looks like a flag), or a value given to a switch.
    return spec[flag.replace(/^-+/, '')]?.type === 'string'
      ? error('MWP_ARG_MISSING', `${flag} needs a value`, { hint: `write ${flag}=VALUE when the value starts with "-"` })
      : error('MWP_ARG_INVALID', `${flag} does not take a value`, { hint: `write ${flag} alone` })
  }
  return error('MWP_ARG_INVALID', e.message, { hint: `see mwpack ${command} --help` })
}
