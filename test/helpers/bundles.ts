import { readFileSync } from 'node:fs'
import { artifactEntries, buildManifest, prepareMemo, toStableJson, type ArchiveEntry } from '../../src/index.js'
import { ROOT } from './cli.js'

/** The playground example's bundle entries, built in-process. */
export function exampleEntries(sourceDateEpoch = 0): ArchiveEntry[] {
  const prepared = prepareMemo({
    memo: { file: 'fixtures/memos/v1-5mw/5mw.memo.md', bytes: readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.memo.md`) },
    config: { file: 'fixtures/memos/v1-5mw/5mw.cluster.json', bytes: readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`) },
    name: '5mw',
  })
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.diagnostics))
  return [...artifactEntries(prepared.value, sourceDateEpoch).entries].map(([path, bytes]) => ({ path, bytes }))
}

/** Entries with one file's bytes replaced and the manifest re-hashed to match: a consistent forgery. */
export function forged(entries: ArchiveEntry[], path: string, replace: (text: string) => string): ArchiveEntry[] {
  const files = new Map(entries.filter((e) => e.path !== 'MANIFEST.json').map((e) => [e.path, e.bytes]))
  files.set(path, new Uint8Array(Buffer.from(replace(Buffer.from(files.get(path)!).toString('utf8')))))
  const old = JSON.parse(Buffer.from(entries.find((e) => e.path === 'MANIFEST.json')!.bytes).toString('utf8'))
  const manifest = buildManifest({
    name: old.name,
    sourceDateEpoch: old.source_date_epoch,
    memo: { fileName: old.inputs.memo.path, text: '' },
    config: undefined,
    files,
  })
  manifest.inputs = old.inputs
  return [...[...files].map(([p, bytes]) => ({ path: p, bytes })), { path: 'MANIFEST.json', bytes: new Uint8Array(Buffer.from(toStableJson(manifest))) }]
}
