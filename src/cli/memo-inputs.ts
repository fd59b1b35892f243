// Finds and reads a memo and its cluster config from the command line.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { error, type Diagnostic } from '../diagnostics/diagnostic.js'
import { nameFromMemoPath } from '../memo/memo-name.js'
import { locateConfig } from '../pipeline/config-lookup.js'
import type { PrepareInput } from '../pipeline/prepare-memo.js'
import type { CliContext } from './context.js'
import { exists, readSource } from '../node/read-source.js'
import type { ParsedCommandLine } from './parse-command-line.js'

/** The memo path from `--memo` or the first argument; both is fine only when they agree. */
export function memoPathFrom(args: ParsedCommandLine): { ok: true; value: string } | { ok: false; diagnostic: Diagnostic } {
  const flag = args.flags.memo as string | undefined
  const positional = args.positionals[0]
  if (flag && positional && flag !== positional) {
    return { ok: false, diagnostic: error('MWP_ARG_CONFLICT', `two memos given: --memo ${flag} and ${positional}`, { hint: 'give the memo once' }) }
  }
  const memo = flag ?? positional
  if (!memo) return { ok: false, diagnostic: error('MWP_ARG_MISSING', 'no memo given', { hint: 'mwpack build docs/5mw.memo.md (or --memo PATH)' }) }
  return { ok: true, value: memo }
}

/**
 * Reads the memo and its config as spec/artifacts.md says: `--config`, else
 * `NAME.cluster.json`, else `cluster.json` beside the memo, else none. Every
 * unreadable input is reported, not just the first.
 */
export function readMemoInputs(
  memo: string,
  args: ParsedCommandLine,
  context: CliContext,
): { ok: true; value: Omit<PrepareInput, 'name'>; configLookedFor: string[] } | { ok: false; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = []
  const memoRead = readSource(memo, path.resolve(context.cwd, memo), 'memo', args.flags.memo ? '--memo' : undefined)
  if (!memoRead.ok) diagnostics.push(memoRead.diagnostic)

  const lookup = locateConfig(memo, args.flags.config as string | undefined, (candidate) => exists(path.resolve(context.cwd, candidate)))
  let config: PrepareInput['config']
  if (!lookup.config) {
    // A link whose target is gone is a config the user meant to have: say so rather than build without it.
    for (const candidate of lookup.lookedFor) {
      const target = danglingLinkTarget(path.resolve(context.cwd, candidate))
      if (target !== undefined) {
        diagnostics.push(
          error('MWP_FILE_NOT_FOUND', `the cluster config is a symbolic link to ${JSON.stringify(target)}, which does not exist`, {
            file: candidate,
            hint: 'point the link at the config, or remove it to build without one',
          }),
        )
        break
      }
    }
  } else {
    const configRead = readSource(lookup.config, path.resolve(context.cwd, lookup.config), 'cluster config', lookup.named ? '--config' : undefined)
    if (configRead.ok) config = configRead.source
    else diagnostics.push(configRead.diagnostic)
  }
  if (diagnostics.length > 0 || !memoRead.ok) return { ok: false, diagnostics }
  return { ok: true, value: { memo: memoRead.source, config, strict: args.flags.strict === true }, configLookedFor: lookup.lookedFor }
}

/** The artifact name: `--name`, else from the memo's file name. */
export function artifactName(memo: string, args: ParsedCommandLine): { name: string; nameFrom?: string } {
  const explicit = args.flags.name as string | undefined
  return explicit !== undefined ? { name: explicit, nameFrom: '--name' } : { name: nameFromMemoPath(memo) }
}

/** The target of a symbolic link that leads nowhere, or undefined (no such file, or a link that resolves). */
function danglingLinkTarget(absolute: string): string | undefined {
  try {
    if (!fs.lstatSync(absolute).isSymbolicLink() || fs.existsSync(absolute)) return undefined
    return fs.readlinkSync(absolute)
  } catch {
    return undefined
  }
}
