// `mwpack size`: a config alone to the sizing report, or a sweep over IT caps, as a table, CSV or JSON.
import * as path from 'node:path'
import { error } from '../../diagnostics/diagnostic.js'
import { sizeConfigFile } from '../../pipeline/size-config-file.js'
import { EXIT, userError, type CliContext, type CommandOutcome } from '../context.js'
import type { ParsedCommandLine } from '../parse-command-line.js'
import { readSource } from '../../node/read-source.js'
import { reportTable } from '../report-table.js'
import { toStableJson } from '../../json/stable-json.js'
import { SWEEP_SCHEMA_VERSION, sweepCap } from '../../cluster/cap-sweep.js'
import { parseCapRange } from '../parse-cap-range.js'
import { sweepCsv, sweepTable } from '../sweep-output.js'

export function runSize(args: ParsedCommandLine, context: CliContext): CommandOutcome {
  const flag = args.flags.config as string | undefined
  const positional = args.positionals[0]
  if (flag && positional && flag !== positional) return userError([error('MWP_ARG_CONFLICT', `two configs given: --config ${flag} and ${positional}`)])
  const config = flag ?? positional
  if (!config) return userError([error('MWP_ARG_MISSING', 'no cluster config given', { hint: 'mwpack size docs/5mw.cluster.json' })])

  const range = args.flags['sweep-cap'] as string | undefined
  const step = args.flags.step as string | undefined
  const csv = args.flags.csv === true
  if (!range) {
    const orphan = step !== undefined ? '--step' : csv ? '--csv' : undefined
    if (orphan)
      return userError([
        error('MWP_ARG_MISSING', `${orphan} needs --sweep-cap`, { hint: `mwpack size ${config} --sweep-cap 1..10 --step 0.5${csv ? ' --csv' : ''}` }),
      ])
  }
  if (csv && args.flags.json) return userError([error('MWP_ARG_CONFLICT', '--csv and --json both given; pick one output format')])
  const caps = range === undefined ? undefined : parseCapRange(range, step)
  if (caps && !caps.ok) return userError([caps.diagnostic])

  const read = readSource(config, path.resolve(context.cwd, config), 'cluster config', flag ? '--config' : undefined)
  if (!read.ok) return userError([read.diagnostic])
  const sized = sizeConfigFile(read.source)
  if (!sized.ok) return userError(sized.diagnostics)
  const { report } = sized
  if (caps) {
    const swept = sweepCap(report.inputs, caps.caps)
    if (!swept.ok) return userError(swept.diagnostics)
    const points = swept.value
    return {
      exitCode: EXIT.ok,
      diagnostics: [],
      text: csv
        ? sweepCsv(points)
        : [`${config}: ${points.length} IT caps from ${range!.replace('..', ' to ')} MW, every ${step} MW`, '', ...sweepTable(points)],
      document: { schema_version: SWEEP_SCHEMA_VERSION, points },
    }
  }
  return {
    exitCode: EXIT.ok,
    diagnostics: sized.diagnostics,
    text: [`${config}: ${report.nodes} nodes fit under ${report.usable_cap_w / 1e6} MW`, '', ...reportTable(report)],
    // The report itself, byte for byte what `build` writes: `size --json > cluster_report.json` works.
    document: JSON.parse(toStableJson(report)),
  }
}
