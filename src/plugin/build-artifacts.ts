// How a build (client, server, every output) gets each imported memo's artifacts, and the URLs that point at them.
import MagicString from 'magic-string'
import { BUNDLE_FILE, MANIFEST_FILE, MEMO_FILE, REPORT_FILE } from '../artifact-layout.js'
import type { ArtifactUrls } from './generate-module.js'
import type { LoadedMemo, MemoStore, PreparedMemo } from './memo-store.js'

export type { PreparedMemo }

/** The part of the Rollup/Rolldown/Vite plugin context this file uses. */
export interface EmitContext {
  emitFile(file: { type: 'asset'; fileName: string; source: Uint8Array }): string
}

/** An output as generateBundle sees it: chunks list their modules, assets their file names. */
export type OutputBundle = Record<string, { type: 'chunk'; moduleIds?: readonly string[] } | { type: 'asset' }>

/** Every file of a memo's artifact folder, in the folder's order: the bundle entries, then bundle.zip. */
export async function artifactFiles(store: MemoStore, memo: PreparedMemo): Promise<ReadonlyMap<string, Uint8Array>> {
  return (await store.outputs(memo)).files
}

/** How a module refers to its artifacts: see {@link artifactUrls}. */
export type UrlForm = 'vite-asset' | 'vite-server' | 'rollup-file-url' | { plainUnder: string }

/** Marks an artifact URL in a server chunk until {@link renderServerUrls} names it; the path is URL-safe (options.ts, memo-name.ts). */
const SERVER_URL = /"__MWPACK_SERVER_URL__([A-Za-z0-9._~/-]+)__"/g

/**
 * Artifact URLs as JavaScript expressions, for the memo module.
 *
 * - A Vite client build emits the four files as assets and names each with
 *   Vite's own asset reference (`"__VITE_ASSET__<ref>__"`), which Vite
 *   replaces as it does for an imported image: under `base`, through
 *   `experimental.renderBuiltUrl`, in every Vite from 5 to 8.
 * - A Vite server build (SSR, prerendered pages) drops emitted assets, and
 *   one emitted again under the same name stays dropped, so the files are
 *   added by {@link completeOutput} and the URLs named when the chunk is
 *   rendered ({@link renderServerUrls}), as Vite names a server chunk's assets.
 * - A Rollup or Rolldown build uses the bundler's `import.meta.ROLLUP_FILE_URL_<ref>`.
 * - The dev server uses plain URLs under the public base, where its
 *   middleware answers.
 *
 * No URL is made by editing another: the bundler names the file.
 */
export async function artifactUrls(ctx: EmitContext, store: MemoStore, memo: PreparedMemo, target: { folder: string; form: UrlForm }): Promise<ArtifactUrls> {
  const hasReport = memo.result.hasReport
  let url: (file: string) => string
  const { form } = target
  if (typeof form === 'object') {
    url = (file) => JSON.stringify(`${form.plainUnder}${target.folder}/${file}`)
  } else if (form === 'vite-server') {
    url = (file) => `"__MWPACK_SERVER_URL__${target.folder}/${file}__"`
  } else {
    const refs = new Map<string, string>()
    for (const [file, bytes] of await artifactFiles(store, memo))
      refs.set(file, ctx.emitFile({ type: 'asset', fileName: `${target.folder}/${file}`, source: bytes }))
    url = form === 'vite-asset' ? (file) => JSON.stringify(`__VITE_ASSET__${refs.get(file)}__`) : (file) => `import.meta.ROLLUP_FILE_URL_${refs.get(file)}`
  }
  return { memo: url(MEMO_FILE), report: hasReport ? url(REPORT_FILE) : null, manifest: url(MANIFEST_FILE), bundle: url(BUNDLE_FILE) }
}

/** What Vite's config says about built URLs: the public base and the user's `experimental.renderBuiltUrl`. */
export interface BuiltUrlConfig {
  base: string
  renderBuiltUrl?: (
    file: string,
    context: { hostId: string; hostType: 'js'; type: 'asset'; ssr: boolean },
  ) => string | { runtime?: string; relative?: boolean } | undefined
}

/**
 * Names the artifact URLs in a rendered server chunk as Vite names a server
 * chunk's own assets: `renderBuiltUrl` (told `ssr: true` and the chunk) when
 * it returns a URL or a runtime expression, else the file under `base`
 * (`relative` does not apply: a server chunk's relative URLs would resolve
 * against the server file). Returns undefined when the chunk has none.
 */
export function renderServerUrls(
  code: string,
  chunkFileName: string,
  config: BuiltUrlConfig,
): { code: string; map: ReturnType<MagicString['generateMap']> } | undefined {
  if (!code.includes('__MWPACK_SERVER_URL__')) return undefined
  const s = new MagicString(code)
  for (const match of code.matchAll(SERVER_URL)) {
    const file = match[1]!
    const built = config.renderBuiltUrl?.(file, { hostId: chunkFileName, hostType: 'js', type: 'asset', ssr: true })
    const expression =
      typeof built === 'string' ? JSON.stringify(built) : built?.runtime !== undefined ? `(${built.runtime})` : JSON.stringify(`${config.base}${file}`)
    s.overwrite(match.index, match.index + match[0].length, expression)
  }
  return { code: s.toString(), map: s.generateMap({ hires: true }) }
}

/** The memo files whose generated modules are in this output's chunks; `memoOf` reads a module id. */
export function memosInOutput(bundle: OutputBundle, memoOf: (id: string) => string | undefined): Set<string> {
  const memos = new Set<string>()
  for (const output of Object.values(bundle)) {
    if (output.type !== 'chunk') continue
    for (const id of output.moduleIds ?? []) {
      const file = memoOf(id)
      if (file) memos.add(file)
    }
  }
  return memos
}

/**
 * Completes one output: every memo imported into it gets its whole artifact
 * folder. Runs for each output of a build (a Rollup build written as ES and
 * CJS gets two folders) and after Vite has dropped a server build's assets,
 * so a server-only import (a prerendered page) still produces the files.
 * Files already in the output are the same bytes and stay.
 */
export async function completeOutput(
  ctx: EmitContext,
  bundle: OutputBundle,
  memos: Iterable<PreparedMemo>,
  store: MemoStore,
  folderOf: (memo: LoadedMemo) => string,
): Promise<void> {
  for (const memo of memos) {
    const folder = folderOf(memo)
    const missing = memo.result.files.filter((file) => !(`${folder}/${file}` in bundle))
    if (missing.length === 0) continue
    // One memo's bytes at a time: read back, handed to the bundler, let go.
    const files = await artifactFiles(store, memo)
    for (const file of missing) ctx.emitFile({ type: 'asset', fileName: `${folder}/${file}`, source: files.get(file)! })
  }
}
