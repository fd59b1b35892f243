// Where SOURCE_DATE_EPOCH comes from on the command line: flag, environment, or 0.
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { resolveSourceDateEpoch } from '../pipeline/source-date-epoch.js'
import type { CliContext } from './context.js'
import type { ParsedCommandLine } from './parse-command-line.js'

/** `--source-date-epoch N`, else $SOURCE_DATE_EPOCH, else 0; a malformed value names where it came from. */
export function sourceDateEpochFrom(args: ParsedCommandLine, context: CliContext): { ok: true; value: number } | { ok: false; diagnostic: Diagnostic } {
  const flag = args.flags['source-date-epoch'] as string | undefined
  return resolveSourceDateEpoch(flag === undefined ? undefined : { value: flag, from: '--source-date-epoch' }, context.env)
}
