// Where a memo's cluster config is looked for, for the CLI and the plugin alike.
import { nameFromMemoPath } from '../memo/memo-name.js'

/**
 * Where a memo's cluster config is looked for when none is named
 * (spec/artifacts.md, "Config lookup"): `NAME.cluster.json` beside the memo,
 * then `cluster.json` beside it. Returns paths in that order, joined onto the
 * memo's own folder with the memo path's separator style.
 */
export function configCandidates(memoPath: string): string[] {
  const cut = Math.max(memoPath.lastIndexOf('/'), memoPath.lastIndexOf('\\'))
  const folder = cut === -1 ? '' : memoPath.slice(0, cut + 1)
  return [`${folder}${nameFromMemoPath(memoPath)}.cluster.json`, `${folder}cluster.json`]
}

export interface ConfigLookup {
  /** The config the memo uses, in the style its path was given, or undefined for none. */
  config: string | undefined
  /** Every place looked at, in order (only the named one when one was named). */
  lookedFor: string[]
  /** True when the config was named (`--config`, the plugin's `config` option): it must then exist. */
  named: boolean
}

/**
 * The one config lookup: a named config wins (reading it reports it when it
 * is missing), else the first candidate that `exists`, else none. `exists`
 * is the caller's view of the disk, so this stays pure.
 */
export function locateConfig(memoPath: string, named: string | undefined, exists: (path: string) => boolean): ConfigLookup {
  if (named !== undefined) return { config: named, lookedFor: [named], named: true }
  const lookedFor = configCandidates(memoPath)
  return { config: lookedFor.find(exists), lookedFor, named: false }
}

/** How the CLI names a config, for hints; the plugin passes "the plugin's `config` option". */
export const CLI_CONFIG_OPTION = '--config'

/** The hint for a memo that needs a config and has none, naming how this caller names one. */
export function missingConfigHint(configOption: string): string {
  return `add NAME.cluster.json or cluster.json beside the memo, or ${configOption === CLI_CONFIG_OPTION ? `pass ${CLI_CONFIG_OPTION}` : `name one with ${configOption}`}`
}
