// Where a memo's cluster config is looked for.
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
