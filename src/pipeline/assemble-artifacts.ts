// Turns a prepared memo into the bundle entries, the manifest and the zip.
import { zipBundle } from '../archive/zip-bundle.js'
import { MANIFEST_FILE, MEMO_FILE, REPORT_FILE } from '../artifact-layout.js'
import { toStableJson } from '../json/stable-json.js'
import { buildManifest, type Manifest } from '../manifest/build-manifest.js'
import type { PreparedMemo } from './prepare-memo.js'

export interface Artifacts {
  manifest: Manifest
  /** memo.md, cluster_report.json (when there is a config) and MANIFEST.json: the bundle's entries. */
  entries: Map<string, Uint8Array>
  /** The deterministic zip of `entries`. */
  bundle: Uint8Array
}

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'))

/** The bundle's entries and their manifest, without the zip: what the plugin emits as assets. */
export function artifactEntries(prepared: PreparedMemo, sourceDateEpoch: number): { manifest: Manifest; entries: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>([[MEMO_FILE, utf8(prepared.markdown)]])
  if (prepared.report) files.set(REPORT_FILE, utf8(toStableJson(prepared.report)))
  const manifest = buildManifest({
    name: prepared.name,
    sourceDateEpoch,
    memo: prepared.memoSource,
    config: prepared.configSource,
    files,
  })
  const entries = new Map(files)
  entries.set(MANIFEST_FILE, utf8(toStableJson(manifest)))
  return { manifest, entries }
}

/** Everything `mwpack build` writes for one memo, as bytes. */
export async function assembleArtifacts(prepared: PreparedMemo, sourceDateEpoch: number): Promise<Artifacts> {
  const { manifest, entries } = artifactEntries(prepared, sourceDateEpoch)
  const bundle = await zipBundle(
    [...entries].map(([path, bytes]) => ({ path, bytes })),
    sourceDateEpoch,
  )
  return { manifest, entries, bundle }
}
