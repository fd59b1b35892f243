// Where SOURCE_DATE_EPOCH comes from on the command line: flag, environment, or 0.
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { parseSourceDateEpoch } from '../pipeline/source-date-epoch.js'
import type { CliContext } from './context.js'
import type { ParsedCommandLine } from './parse-command-line.js'

/** `--source-date-epoch N`, else $SOURCE_DATE_EPOCH, else 0; a malformed value names where it came from. */
export function sourceDateEpochFrom(args: ParsedCommandLine, context: CliContext): { ok: true; value: number } | { ok: false; diagnostic: Diagnostic } {
  const flag = args.flags['source-date-epoch'] as string | undefined
  if (flag !== undefined) return parseSourceDateEpoch(flag, '--source-date-epoch')
  const env = context.env.SOURCE_DATE_EPOCH
  // An empty variable is how shells and CI templates spell "unset".
  if (env !== undefined && env !== '') return parseSourceDateEpoch(env, 'the SOURCE_DATE_EPOCH environment variable')
  return { ok: true, value: 0 }
}
