// `mwpack size`: a config alone to the sizing report, as a table or as JSON.
import * as path from 'node:path'
import { error } from '../../diagnostics/diagnostic.js'
import { sizeConfigFile } from '../../pipeline/size-config-file.js'
import { EXIT, userError, type CliContext, type CommandOutcome } from '../context.js'
import type { ParsedCommandLine } from '../parse-command-line.js'
import { readSource } from '../../node/read-source.js'
import { reportTable } from '../report-table.js'
import { toStableJson } from '../../json/stable-json.js'

export function runSize(args: ParsedCommandLine, context: CliContext): CommandOutcome {
  const flag = args.flags.config as string | undefined
  const positional = args.positionals[0]
  if (flag && positional && flag !== positional) return userError([error('MWP_ARG_CONFLICT', `two configs given: --config ${flag} and ${positional}`)])
  const config = flag ?? positional
  if (!config) return userError([error('MWP_ARG_MISSING', 'no cluster config given', { hint: 'mwpack size docs/5mw.cluster.json' })])

  const read = readSource(config, path.resolve(context.cwd, config), 'cluster config', flag ? '--config' : undefined)
  if (!read.ok) return userError([read.diagnostic])
  const sized = sizeConfigFile(read.source)
  if (!sized.ok) return userError(sized.diagnostics)
  const { report } = sized
  return {
    exitCode: EXIT.ok,
    diagnostics: sized.diagnostics,
    text: [`${config}: ${report.nodes} nodes fit under ${report.inputs.it_cap_mw} MW`, '', ...reportTable(report)],
    // The report itself, byte for byte what `build` writes: `size --json > cluster_report.json` works.
    document: JSON.parse(toStableJson(report)),
  }
}
