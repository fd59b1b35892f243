// Resolves a memo import to the memo file it names, as the bundler resolves any file, and says when a query is wrong.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { readMemoImport, type MemoImportKind } from './memo-id.js'

/** The part of the bundler's plugin context resolving uses. */
export interface ResolveContext {
  resolve(id: string, importer?: string, options?: { skipSelf?: boolean }): Promise<{ id: string; external?: boolean | string } | null>
}

export type ResolvedMemoImport =
  { ok: true; file: string; realFile: string; kind: MemoImportKind } | { ok: false; file: string; query: string; problem: string }

/**
 * The memo an import names, or undefined when it is not a memo import (or
 * names no file: the bundler then reports it as for any missing file).
 *
 * - The bundler resolves the path, so aliases and Vite's `/@fs/` work as for
 *   any file, and the result must be a regular file the `include` matches.
 * - `file` is the memo as the import names it: through a symbolic link, the
 *   link, so the artifact name and the config lookup are the link's, as
 *   `mwpack build linked.memo.md` has them. `realFile` is where it is, which
 *   is what Vite's `server.fs` rule judges.
 */
export async function resolveMemoImport(
  ctx: ResolveContext,
  id: string,
  importer: string | undefined,
  include: RegExp,
): Promise<ResolvedMemoImport | undefined> {
  const reading = readMemoImport(id, include)
  if (!reading) return undefined
  if (!reading.ok) return reading
  for (const candidate of reading.readings) {
    const resolved = await ctx.resolve(candidate.file, importer, { skipSelf: true })
    if (resolved?.external) continue
    // Bundlers read a `?` in a path as a query (Vite looks for `q` when asked for `q?x/m.memo.md`):
    // a relative or absolute path they cannot resolve is then taken as written.
    const ids = resolved ? [resolved.id, resolved.id.split('?')[0]!] : [spelledPath(candidate.file, importer)].flatMap((f) => f ?? [])
    const found = ids.find((f) => path.isAbsolute(f) && include.test(f) && isFile(f))
    if (!found) continue
    const realFile = resolved ? found : fs.realpathSync(found)
    return { ok: true, file: asImported(candidate.file, importer, realFile), realFile, kind: candidate.kind }
  }
  return undefined
}

/** The file an import spells: relative to its importer, or absolute (Vite's `/@fs/` too); undefined for bare and aliased ones. */
function spelledPath(specifier: string, importer: string | undefined): string | undefined {
  const importerFile = importer?.split('?')[0]
  if (/^\.\.?[\\/]/.test(specifier)) return importerFile && path.isAbsolute(importerFile) ? path.resolve(path.dirname(importerFile), specifier) : undefined
  if (specifier.startsWith('/@fs/')) return specifier.slice('/@fs'.length)
  return path.isAbsolute(specifier) ? specifier : undefined
}

/** The path the import spelled, when it is the same file as the resolved one (a symbolic link to it, say). */
function asImported(specifier: string, importer: string | undefined, realFile: string): string {
  const spelled = spelledPath(specifier, importer)
  if (!spelled || spelled === realFile) return realFile
  try {
    return fs.realpathSync(spelled) === fs.realpathSync(realFile) ? spelled : realFile
  } catch {
    return realFile
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}
