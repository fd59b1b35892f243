// `mwpack validate`: checks a memo and its config, writes nothing.
import { prepareMemo } from '../../pipeline/prepare-memo.js'
import { EXIT, userError, type CliContext, type CommandOutcome } from '../context.js'
import type { ParsedCommandLine } from '../parse-command-line.js'
import { artifactName, memoPathFrom, readMemoInputs } from '../memo-inputs.js'
import { reportSentence } from '../report-table.js'

export function runValidate(args: ParsedCommandLine, context: CliContext): CommandOutcome {
  const memo = memoPathFrom(args)
  if (!memo.ok) return userError([memo.diagnostic])
  const inputs = readMemoInputs(memo.value, args, context)
  if (!inputs.ok) return userError(inputs.diagnostics)
  const prepared = prepareMemo({ ...inputs.value, ...artifactName(memo.value, args) })
  if (!prepared.ok) return userError(prepared.diagnostics, { valid: false })
  const { report } = prepared.value
  const config = inputs.value.config?.file
  return {
    exitCode: EXIT.ok,
    diagnostics: prepared.value.diagnostics,
    text: [
      `${memo.value}: valid${config ? ` with ${config}` : ` (no cluster config: looked for ${inputs.configLookedFor.join(', ')})`}`,
      ...(report ? [`  ${reportSentence(report)}`] : []),
    ],
    data: { valid: true, name: prepared.value.name, memo: memo.value, config: config ?? null, status: report?.status ?? null },
  }
}
