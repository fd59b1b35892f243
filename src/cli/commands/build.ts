// `mwpack build`: memo and config to an artifact folder, replaced atomically.
import * as path from 'node:path'
import { BUNDLE_FILE } from '../../artifact-layout.js'
import { sha256Hex } from '../../manifest/sha256.js'
import { assembleArtifacts, type Artifacts } from '../../pipeline/assemble-artifacts.js'
import { prepareMemo, type PreparedMemo } from '../../pipeline/prepare-memo.js'
import { EXIT, userError, type CliContext, type CommandOutcome } from '../context.js'
import type { ParsedCommandLine } from '../parse-command-line.js'
import { artifactName, memoPathFrom, readMemoInputs } from '../memo-inputs.js'
import { checkOutputFolder, type RunInput } from '../check-output-folder.js'
import { replaceFolder, writeDiagnostic } from '../write-output.js'
import { reportSentence } from '../report-table.js'
import { sourceDateEpochFrom } from '../source-date-epoch-option.js'
import { withThousands } from '../../format/numbers.js'

/** Extra files derived from the prepared memo and its artifacts (render adds memo.html, memo.pdf). */
export type ExtraFiles = (
  prepared: PreparedMemo,
  artifacts: Artifacts,
) => Promise<{ ok: true; files: Map<string, Uint8Array> } | { ok: false; outcome: CommandOutcome }>

export function runBuild(args: ParsedCommandLine, context: CliContext): Promise<CommandOutcome> {
  return buildFolder(args, context)
}

/**
 * Build, and optionally more: everything goes into the folder in one atomic
 * replacement, so a failure in the extras (a missing renderer) leaves the
 * previous folder as it was.
 */
export async function buildFolder(args: ParsedCommandLine, context: CliContext, extras?: ExtraFiles): Promise<CommandOutcome> {
  const memo = memoPathFrom(args)
  if (!memo.ok) return userError([memo.diagnostic])
  const epoch = sourceDateEpochFrom(args, context)
  if (!epoch.ok) return userError([epoch.diagnostic])
  const { name, nameFrom } = artifactName(memo.value, args)

  const inputs = readMemoInputs(memo.value, args, context)
  const outDisplay = (args.flags.out as string | undefined) ?? path.join('dist', name)
  const outAbsolute = path.resolve(context.cwd, outDisplay)
  const config = inputs.ok ? inputs.value.config : undefined
  const read: RunInput[] = [
    { role: 'memo', display: memo.value, absolute: path.resolve(context.cwd, memo.value) },
    ...(config ? [{ role: 'cluster config', display: config.file, absolute: path.resolve(context.cwd, config.file) }] : []),
  ]
  const outProblem = checkOutputFolder({
    display: outDisplay,
    absolute: outAbsolute,
    flag: args.flags.out ? '--out' : 'the output folder',
    cwd: context.cwd,
    inputs: read,
  })

  if (!inputs.ok) return userError([...inputs.diagnostics, ...(outProblem ? [outProblem] : [])])
  const prepared = prepareMemo({ ...inputs.value, name, ...(nameFrom ? { nameFrom } : {}) })
  if (!prepared.ok) return userError([...prepared.diagnostics, ...(outProblem ? [outProblem] : [])])
  if (outProblem) return userError([outProblem])

  const artifacts = await assembleArtifacts(prepared.value, epoch.value)
  const files = new Map([...artifacts.entries, [BUNDLE_FILE, artifacts.bundle]])
  if (extras) {
    const more = await extras(prepared.value, artifacts)
    if (!more.ok) return more.outcome
    for (const [file, bytes] of more.files) files.set(file, bytes)
  }
  try {
    replaceFolder(outAbsolute, files)
  } catch (e) {
    const d = writeDiagnostic(e, outDisplay, args.flags.out ? '--out' : 'the output folder')
    if (!d) throw e
    return userError([d])
  }

  const listing = [...files].map(([file, bytes]) => ({ path: file, sha256: sha256Hex(bytes), size: bytes.length }))
  const width = Math.max(...listing.map((f) => f.path.length))
  const report = prepared.value.report
  return {
    exitCode: EXIT.ok,
    diagnostics: prepared.value.diagnostics,
    text: [
      `built ${name} -> ${outDisplay}`,
      ...listing.map((f) => `  ${f.path.padEnd(width)}  ${withThousands(f.size).padStart(9)} B  sha256 ${f.sha256}`),
      ...(report ? [`  ${reportSentence(report)}`] : [`  no cluster config (looked for ${inputs.configLookedFor.join(', ')}): no report`]),
    ],
    data: {
      name,
      out: outDisplay.split(path.sep).join('/'),
      source_date_epoch: epoch.value,
      files: listing,
      status: report?.status ?? null,
    },
  }
}
