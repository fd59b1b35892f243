// `mwpack size`: a config alone to the sizing report, a fixed node count, or a sweep over IT caps or grid connections.
import * as path from 'node:path'
import { parseWholeNumber } from '../../pipeline/parse-whole-number.js'
import { error } from '../../diagnostics/diagnostic.js'
import { sizeConfigFile, sizeConfigFileAtNodes } from '../../pipeline/size-config-file.js'
import { EXIT, userError, type CliContext, type CommandOutcome } from '../context.js'
import type { ParsedCommandLine } from '../parse-command-line.js'
import { readSource } from '../../node/read-source.js'
import { reportHeadline, reportTable } from '../report-table.js'
import { toStableJson } from '../../json/stable-json.js'
import { SWEEP_SCHEMA_VERSION, sweepCap, sweptKey } from '../../cluster/cap-sweep.js'
import { LIMITS } from '../../cluster/config-limits.js'
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
  const nodesFlag = args.flags.nodes as string | undefined
  if (!range) {
    const orphan = step !== undefined ? '--step' : csv ? '--csv' : undefined
    if (orphan)
      return userError([
        error('MWP_ARG_MISSING', `${orphan} needs --sweep-cap`, { hint: `mwpack size ${config} --sweep-cap 1..10 --step 0.5${csv ? ' --csv' : ''}` }),
      ])
  }
  if (csv && args.flags.json) return userError([error('MWP_ARG_CONFLICT', '--csv and --json both given; pick one output format')])
  if (nodesFlag !== undefined && range !== undefined)
    return userError([error('MWP_ARG_CONFLICT', '--nodes and --sweep-cap both given: --nodes evaluates one node count, a sweep solves at each cap')])
  const nodes = nodesFlag === undefined ? undefined : parseNodes(nodesFlag)
  if (nodes && !nodes.ok) return userError([nodes.diagnostic])
  const caps = range === undefined ? undefined : parseCapRange(range, step)
  if (caps && !caps.ok) return userError([caps.diagnostic])

  const read = readSource(config, path.resolve(context.cwd, config), 'cluster config', flag ? '--config' : undefined)
  if (!read.ok) return userError([read.diagnostic])

  if (nodes) {
    const sized = sizeConfigFileAtNodes(read.source, nodes.value)
    // The model's own refusal of a count (too many watts to state exactly) names no flag: this one does.
    if (!sized.ok) return userError(sized.diagnostics.map((d) => (d.code === 'MWP_ARG_INVALID' ? { ...d, message: `--nodes: ${d.message}` } : d)))
    const { report } = sized.value
    return {
      exitCode: EXIT.ok,
      diagnostics: sized.diagnostics,
      text: [reportHeadline(report, config), '', ...reportTable(report)],
      document: JSON.parse(toStableJson(report)),
    }
  }

  const sized = sizeConfigFile(read.source)
  if (!sized.ok) return userError(sized.diagnostics)
  const { report } = sized.value
  if (caps) {
    const swept = sweepCap(report.inputs, caps.caps)
    if (!swept.ok) return userError(swept.diagnostics)
    const points = swept.value
    const what = sweptKey(report.inputs) === 'it_cap_mw' ? 'IT caps' : 'grid connections (facility.grid_mw)'
    return {
      exitCode: EXIT.ok,
      diagnostics: [],
      text: csv
        ? sweepCsv(points)
        : [`${config}: ${points.length} ${what} from ${range!.replace('..', ' to ')} MW, every ${step} MW`, '', ...sweepTable(points)],
      document: { schema_version: SWEEP_SCHEMA_VERSION, points },
    }
  }
  return {
    exitCode: EXIT.ok,
    diagnostics: sized.diagnostics,
    text: [reportHeadline(report, config), '', ...reportTable(report)],
    // The report itself, byte for byte what `build` writes: `size --json > cluster_report.json` works.
    document: JSON.parse(toStableJson(report)),
  }
}

/** `--nodes N`: a whole number of nodes written in plain digits (as SOURCE_DATE_EPOCH is), from 0 to LIMITS.nodes. */
function parseNodes(text: string) {
  const value = parseWholeNumber(text, LIMITS.nodes)
  if (value === undefined) {
    return {
      ok: false as const,
      diagnostic: error('MWP_ARG_INVALID', `--nodes: expected a whole number of nodes from 0 to ${LIMITS.nodes}, found ${JSON.stringify(text)}`, {
        hint: 'write e.g. --nodes 144 (one GB200 NVL72 scalable unit of 8 racks of 18 trays)',
      }),
    }
  }
  return { ok: true as const, value }
}
