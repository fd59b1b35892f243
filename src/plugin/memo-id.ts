// Reads a module id: is it a memo import mwpack answers, and which form?

/** The import forms: the memo object, `?report`, `?manifest`, `?memo` (spec/artifacts.md), and `?html`, the rendered page. */
export type MemoImportKind = 'module' | 'report' | 'manifest' | 'memo' | 'html'

export interface MemoId {
  /** The file path without the query. */
  file: string
  kind: MemoImportKind
}

const KINDS = new Set<MemoImportKind>(['report', 'manifest', 'memo', 'html'])
/**
 * Query parameters bundlers add on their own: Vite's `import` (browser
 * requests) and `t` (HMR time stamps). Anything else (`raw`, `url`, `inline`,
 * `worker`, ...) belongs to someone else, so the id is left alone.
 */
const PASSIVE = new Set(['import', 't'])

/** The memo and import form an id asks for, or undefined when the id is not ours to load. */
export function parseMemoId(id: string, include: RegExp): MemoId | undefined {
  if (id.startsWith('\0')) return undefined
  const q = id.indexOf('?')
  const file = q === -1 ? id : id.slice(0, q)
  if (!include.test(file)) return undefined
  if (q === -1) return { file, kind: 'module' }
  const kinds: MemoImportKind[] = []
  for (const key of new URLSearchParams(id.slice(q + 1)).keys()) {
    if (KINDS.has(key as MemoImportKind)) kinds.push(key as MemoImportKind)
    else if (!PASSIVE.has(key)) return undefined
  }
  if (kinds.length > 1) return undefined
  return { file, kind: kinds[0] ?? 'module' }
}

/** True when an id carries one of mwpack's own query forms (for resolving them in plain Rollup). */
export const MEMO_QUERY = /\?(?:[^#]*&)?(?:report|manifest|memo|html)(?:[&=#]|$)/
