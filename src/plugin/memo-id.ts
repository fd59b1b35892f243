// Reads a memo import (which memo, which form) and names the generated module it resolves to.

/**
 * The import forms: the memo object (no query, or `?mwpack`), `?report`, `?manifest`, `?memo`, and
 * `?html`, the rendered page. `module` is the memo object's generated module.
 */
export type MemoImportKind = 'module' | 'report' | 'manifest' | 'memo' | 'html'

export const MEMO_IMPORT_KINDS: readonly MemoImportKind[] = ['module', 'report', 'manifest', 'memo', 'html']

export interface MemoId {
  /** The file path without the query. */
  file: string
  kind: MemoImportKind
}

/** What an import of a memo asks for: the readings to try in order, or a query mwpack cannot answer. */
export type MemoImportReading = { ok: true; readings: MemoId[] } | { ok: false; file: string; query: string; problem: string }

/**
 * The queries that name a form. The memo object is the plain import, or `?mwpack`: Astro's types
 * declare every `*.md` import a Markdown component, and TypeScript gives a relative import to the
 * first of two equally long patterns, so in Astro only a query can be typed as mwpack's.
 * `module` is only the generated module's name.
 */
const QUERY_KINDS: ReadonlyMap<string, MemoImportKind> = new Map<string, MemoImportKind>([
  ['mwpack', 'module'],
  ['report', 'report'],
  ['manifest', 'manifest'],
  ['memo', 'memo'],
  ['html', 'html'],
])
/**
 * Query parameters bundlers add on their own: Vite's `import` (browser
 * requests) and `t` (HMR time stamps).
 */
const PASSIVE = new Set(['import', 't'])
/** Vite's own queries: with one of them the import is Vite's, and with one of ours as well it asks for two things. */
const VITE_QUERIES = new Set(['raw', 'url', 'inline', 'no-inline', 'worker', 'sharedworker'])
const FORMS = '?report, ?manifest, ?memo, ?html, or no query (or ?mwpack) for the memo object'

/**
 * The memo and import form an import asks for, or undefined when it is not
 * mwpack's to answer. A path may itself hold `?` (a folder `q?x/`), so every
 * place the query could start is a reading, the whole id first; the caller
 * keeps the first whose file exists. A query that mixes mwpack's forms with
 * each other or with Vite's, or gives one a value, is a problem to report
 * rather than an import to pass on: nobody else would answer it well.
 * Queries neither mwpack's nor Vite's (another plugin's) are left alone.
 */
export function readMemoImport(id: string, include: RegExp): MemoImportReading | undefined {
  if (id.startsWith('\0')) return undefined
  const readings: MemoId[] = []
  let problem: Extract<MemoImportReading, { ok: false }> | undefined
  const queryStarts = [...id.matchAll(/\?/g)].map((m) => m.index).reverse()
  for (const end of [id.length, ...queryStarts]) {
    const file = id.slice(0, end)
    if (!include.test(file)) continue
    const query = id.slice(end + 1)
    const read = end === id.length ? { kind: 'module' as const } : readQuery(query)
    if ('problem' in read) problem ??= { ok: false, file, query: `?${query}`, problem: read.problem }
    else if (read.kind) readings.push({ file, kind: read.kind })
  }
  if (readings.length > 0) return { ok: true, readings }
  return problem
}

function readQuery(query: string): { kind: MemoImportKind | undefined } | { problem: string } {
  const ours: string[] = []
  const others: string[] = []
  let valued: string | undefined
  for (const [key, value] of new URLSearchParams(query)) {
    if (QUERY_KINDS.has(key) || key === 'module') {
      ours.push(key)
      if (value !== '') valued ??= key
    } else if (!PASSIVE.has(key)) others.push(key)
  }
  if (ours.length === 0) return { kind: others.length === 0 ? 'module' : undefined }
  if (ours.includes('module')) return { problem: `the memo object is the import without a query, or ?mwpack; a memo import takes ${FORMS}` }
  if (ours.length > 1) return { problem: `it asks for ${ours.map((k) => `?${k}`).join(' and ')}; a memo import takes one of ${FORMS}` }
  if (valued) return { problem: `?${valued} takes no value; a memo import takes ${FORMS}` }
  const vite = others.filter((k) => VITE_QUERIES.has(k))
  if (vite.length > 0) return { problem: `?${ours[0]} and Vite's ?${vite[0]} ask for two different things; import one or the other` }
  if (others.length > 0) return { problem: `mwpack does not know ?${others[0]} beside ?${ours[0]}; a memo import takes ${FORMS}` }
  return { kind: QUERY_KINDS.get(ours[0]!) }
}

/**
 * The prefix of mwpack's generated modules. `\0` is the Rollup and Vite
 * convention for modules that are not files: other plugins' filters skip them
 * (`createFilter` rejects them), Vite serves them under `/@id/__x00__`, and no
 * file system path can hold it, so nothing falls back to reading a file.
 */
const PREFIX = '\0mwpack:'

/**
 * The id of a memo's generated module: `\0mwpack:KIND/PATH.js`, PATH being the
 * memo's path relative to the project root as {@link memoIdLabel} writes it.
 * It never ends in `.md`, even without its query, so no Markdown plugin
 * (Vue/VitePress, Astro, vite-plugin-markdown, MDX) claims it, and it holds no
 * absolute path, so none leaks into a bundle. The id names a module; which
 * file it reads is what the resolve step recorded (resolved-modules.ts), never
 * what the id says, so a client cannot make up an id that reads a file.
 */
export function virtualMemoId(relativePath: string, kind: MemoImportKind): string {
  return `${PREFIX}${kind}/${memoIdLabel(relativePath)}.js`
}

/**
 * A relative path as it can travel in a dev URL and come back unchanged:
 * letters, digits, `.`, `_`, `-` and `/` stay (so ids read like the path), any
 * other character is `~` and its UTF-8 bytes in hex, and the dots of a `.` or
 * `..` segment are escaped so a browser does not fold them. No `%` survives, so
 * the percent-decoding Vite applies to a request cannot change the id (a
 * folder named `pct%25` stays itself), and no `?` or `#` starts a query.
 * Distinct paths give distinct labels.
 */
export function memoIdLabel(relativePath: string): string {
  return relativePath
    .split('/')
    .map((segment) =>
      segment === '.' || segment === '..' ? segment.replaceAll('.', '~2E') : [...segment].map((c) => (/^[A-Za-z0-9._-]$/.test(c) ? c : hexBytes(c))).join(''),
    )
    .join('/')
}

function hexBytes(character: string): string {
  return [...Buffer.from(character, 'utf8')].map((b) => `~${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')
}

/** Matches every generated module id (for hook filters). */
export const VIRTUAL_MEMO_ID = /^\0mwpack:/

/** The import form a generated module id names, or undefined for any other id. */
export function kindOfVirtualId(id: string): MemoImportKind | undefined {
  if (!id.startsWith(PREFIX)) return undefined
  const kind = id.slice(PREFIX.length, id.indexOf('/'))
  return (MEMO_IMPORT_KINDS as readonly string[]).includes(kind) ? (kind as MemoImportKind) : undefined
}
