// How a build (client, server, every output) gets each imported memo's artifacts, and the URLs that point at them.
import { BUNDLE_FILE, MANIFEST_FILE, MEMO_FILE, REPORT_FILE } from '../artifact-layout.js'
import type { ArtifactUrls } from './generate-module.js'
import type { LoadedMemo, MemoStore } from './memo-store.js'

export type PreparedMemo = LoadedMemo & { result: { ok: true } }

/** The part of the Rollup/Rolldown/Vite plugin context this file uses. */
export interface EmitContext {
  emitFile(file: { type: 'asset'; fileName: string; source: Uint8Array }): string
}

/** An output as generateBundle sees it: chunks list their modules, assets their file names. */
export type OutputBundle = Record<string, { type: 'chunk'; moduleIds?: readonly string[] } | { type: 'asset' }>

/** Every file of a memo's artifact folder, in the folder's order: the bundle entries, then bundle.zip. */
export async function artifactFiles(store: MemoStore, memo: PreparedMemo): Promise<Map<string, Uint8Array>> {
  return new Map([...memo.result.entries, [BUNDLE_FILE, await store.bundle(memo)]])
}

/**
 * Artifact URLs as JavaScript expressions, for the memo module.
 *
 * - A client build emits the four files as assets and points at them through
 *   `import.meta.ROLLUP_FILE_URL_*`: the bundler's own reference, so `base`,
 *   `renderBuiltUrl` and asset naming apply as to any asset.
 * - A server build (SSR, prerendering) and the dev server use plain URLs under
 *   the public base: a server bundle's file URLs resolve against the server
 *   file (`file:///...` once prerendered), and a page must link where the
 *   site is served. generateBundle still writes the files into the output.
 */
export async function artifactUrls(
  ctx: EmitContext,
  store: MemoStore,
  memo: PreparedMemo,
  target: { folder: string; plainUrlsUnder: string | undefined },
): Promise<ArtifactUrls> {
  const hasReport = memo.result.entries.has(REPORT_FILE)
  let url: (file: string) => string
  if (target.plainUrlsUnder !== undefined) {
    const base = target.plainUrlsUnder
    url = (file) => JSON.stringify(`${base}${target.folder}/${file}`)
  } else {
    const refs = new Map<string, string>()
    for (const [file, bytes] of await artifactFiles(store, memo))
      refs.set(file, ctx.emitFile({ type: 'asset', fileName: `${target.folder}/${file}`, source: bytes }))
    url = (file) => `import.meta.ROLLUP_FILE_URL_${refs.get(file)}`
  }
  return { memo: url(MEMO_FILE), report: hasReport ? url(REPORT_FILE) : null, manifest: url(MANIFEST_FILE), bundle: url(BUNDLE_FILE) }
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
    for (const [file, bytes] of await artifactFiles(store, memo)) {
      const fileName = `${folder}/${file}`
      if (!(fileName in bundle)) ctx.emitFile({ type: 'asset', fileName, source: bytes })
    }
  }
}
