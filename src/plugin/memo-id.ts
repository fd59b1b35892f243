// Reads a memo import (which memo, which form) and names the generated module it resolves to.

/** The import forms: the memo object, `?report`, `?manifest`, `?memo` (spec/artifacts.md), and `?html`, the rendered page. */
export type MemoImportKind = 'module' | 'report' | 'manifest' | 'memo' | 'html'

export interface MemoId {
  /** The file path without the query. */
  file: string
  kind: MemoImportKind
}

const KINDS: ReadonlySet<string> = new Set<MemoImportKind>(['module', 'report', 'manifest', 'memo', 'html'])
/**
 * Query parameters bundlers add on their own: Vite's `import` (browser
 * requests) and `t` (HMR time stamps). Anything else (`raw`, `url`, `inline`,
 * `worker`, ...) belongs to someone else, so the id is left alone.
 */
const PASSIVE = new Set(['import', 't'])

/** The memo and import form an import asks for, or undefined when it is not mwpack's to answer. */
export function parseMemoId(id: string, include: RegExp): MemoId | undefined {
  if (id.startsWith('\0')) return undefined
  const q = id.indexOf('?')
  const file = q === -1 ? id : id.slice(0, q)
  if (!include.test(file)) return undefined
  if (q === -1) return { file, kind: 'module' }
  const kinds: MemoImportKind[] = []
  for (const key of new URLSearchParams(id.slice(q + 1)).keys()) {
    if (key !== 'module' && KINDS.has(key)) kinds.push(key as MemoImportKind)
    else if (!PASSIVE.has(key)) return undefined
  }
  if (kinds.length > 1) return undefined
  return { file, kind: kinds[0] ?? 'module' }
}

/**
 * The prefix of mwpack's generated modules. `\0` is the Rollup and Vite
 * convention for modules that are not files: other plugins' filters skip them
 * (`createFilter` rejects them), and Vite serves them under `/@id/__x00__`.
 */
const PREFIX = '\0mwpack:'

/**
 * The id of a memo's generated module: `\0mwpack:KIND/PATH.js`, where PATH
 * is the memo's path relative to the project root, percent-encoded into one
 * segment. It never ends in `.md`, even without its query, so no Markdown
 * plugin (Vue/VitePress, Astro, vite-plugin-markdown, MDX) claims it; it holds
 * no absolute path, so none leaks into a bundle's comments; and one segment
 * keeps a browser from folding `..` out of a dev URL.
 */
export function virtualMemoId(relativePath: string, kind: MemoImportKind): string {
  return `${PREFIX}${kind}/${encodeURIComponent(relativePath)}.js`
}

/** The memo path (relative to the root) and form of a generated module's id, or undefined for any other id. */
export function parseVirtualMemoId(id: string): { relativePath: string; kind: MemoImportKind } | undefined {
  if (!id.startsWith(PREFIX)) return undefined
  const match = /^([a-z]+)\/([^/?]+)\.js(?:\?.*)?$/.exec(id.slice(PREFIX.length))
  if (!match || !KINDS.has(match[1]!)) return undefined
  try {
    return { kind: match[1] as MemoImportKind, relativePath: decodeURIComponent(match[2]!) }
  } catch {
    return undefined
  }
}

/** Matches every generated module id (for hook filters). */
export const VIRTUAL_MEMO_ID = /^\0mwpack:/
