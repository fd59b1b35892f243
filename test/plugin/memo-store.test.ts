import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { zipBundle } from '../../dist/archive/zip-bundle.js'
import { decodeEntry, encodeEntry } from '../../dist/plugin/cache-entry.js'
import { MemoCache } from '../../dist/plugin/memo-cache.js'
import { MemoStore, type LoadedMemo } from '../../dist/plugin/memo-store.js'
import { RecentOutputs, type MemoOutputs } from '../../dist/plugin/memo-outputs.js'
import { resolveOptions } from '../../dist/plugin/options.js'
import { siteWithExample } from '../helpers/sites.js'
import { tempDir } from '../helpers/tree.js'

type Prepared = LoadedMemo & { result: { ok: true } }

/**
 * A folder of `count` copies of the example memo (m0 ... mN) with their configs, a store over it, and its cache folder.
 * The store holds the outputs of the memo used last and no more, as a site larger than its budget does.
 */
function storeOver(count: number, options: { cache: boolean; recentBytes?: number }) {
  const root = siteWithExample()
  for (let i = 0; i < count; i++) {
    cpSync(join(root, '5mw.memo.md'), join(root, `m${i}.memo.md`))
    cpSync(join(root, '5mw.cluster.json'), join(root, `m${i}.cluster.json`))
  }
  const cacheDir = tempDir('mwpack-store-cache-')
  const disk = new MemoCache(cacheDir)
  const store = new MemoStore(
    resolveOptions({ sourceDateEpoch: 0, strict: false, cache: options.cache }, {}),
    () => root,
    () => (options.cache ? disk : undefined),
    options.recentBytes ?? 1,
  )
  const load = (i: number) => store.load(join(root, `m${i}.memo.md`)) as Prepared
  return { root, store, disk, cacheDir, load }
}

/** The slot file of memo `mI` in the cache folder: the entry that decodes under its key. */
function slotOf(cacheDir: string, disk: MemoCache, root: string, i: number): string {
  const key = disk.key(keyInputs(root, i))
  const file = readdirSync(cacheDir)
    .map((f) => join(cacheDir, f))
    .find((f) => decodeEntry(readFileSync(f), key))
  if (!file) throw new Error(`no entry for m${i}`)
  return file
}

/**
 * Rewrites memo `mI`'s cache entry to hold, under the same key, a bundle.zip of the same files with other
 * time stamps (an entry's zip must hold exactly its files, so it stays a valid entry), and returns that zip:
 * a store that reads the entry back gives it.
 */
async function plantOtherZip(cacheDir: string, disk: MemoCache, root: string, i: number): Promise<Uint8Array> {
  const slot = slotOf(cacheDir, disk, root, i)
  const key = disk.key(keyInputs(root, i))
  const entry = decodeEntry(readFileSync(slot), key)!
  const planted = await zipBundle(
    [...entry.entries].map(([path, bytes]) => ({ path, bytes })),
    1_000_000_000,
  )
  writeFileSync(slot, encodeEntry(key, { ...entry, bundle: planted }))
  return planted
}

describe('the memo store', () => {
  it('keeps no memo’s bytes once its cache entry is written: asked again, it reads the entry back', async () => {
    const { root, store, disk, cacheDir, load } = storeOver(40, { cache: true })
    const first = load(0)
    const original = await store.outputs(first)
    for (let i = 1; i < 40; i++) await store.outputs(load(i))
    await store.flush()
    // The entry on disk now says something else under the same key: what the store gives is what the entry holds.
    const planted = await plantOtherZip(cacheDir, disk, root, 0)
    const again = await store.outputs(first)
    expect(again.files.get('bundle.zip')).toEqual(planted)
    expect(again.markdown).toBe(original.markdown)
    expect(again.report).toEqual(original.report)
    expect(JSON.stringify(again.report)).toBe(JSON.stringify(original.report))
    expect(JSON.stringify(again.manifest)).toBe(JSON.stringify(original.manifest))
  })

  it('makes a memo’s outputs again, the same bytes, when its entry is gone, and its source map for ?html too', async () => {
    const { store, cacheDir, load } = storeOver(20, { cache: true })
    const first = load(0)
    const original = await store.outputs(first)
    const map = original.markdownMap()
    for (let i = 1; i < 20; i++) await store.outputs(load(i))
    await store.flush()
    rmSync(cacheDir, { recursive: true, force: true })
    const again = await store.outputs(first)
    expect(again.files).toEqual(original.files)
    expect(again.markdown).toBe(original.markdown)
    expect(again.markdownMap()).toBe(map)
  })

  it('refuses to make outputs from a memo that changed on disk since it was loaded, naming it', async () => {
    const { root, store, cacheDir, load } = storeOver(20, { cache: true })
    const first = load(0)
    for (let i = 1; i < 20; i++) await store.outputs(load(i))
    await store.flush()
    rmSync(cacheDir, { recursive: true, force: true })
    writeFileSync(join(root, 'm0.memo.md'), `${readFileSync(join(root, 'm0.memo.md'), 'utf8')}\nOne more line.\n`)
    await expect(store.outputs(first)).rejects.toMatchObject({
      diagnostics: [{ code: 'MWP_FILE_CHANGED', file: 'm0.memo.md', message: 'm0.memo.md changed while this build was using it' }],
    })
  })

  it('gives a memo let go the same outputs without a cache as with one', async () => {
    const cached = storeOver(20, { cache: true })
    const uncached = storeOver(20, { cache: false })
    const a = cached.load(0)
    const b = uncached.load(0)
    for (let i = 1; i < 20; i++) {
      await cached.store.outputs(cached.load(i))
      await uncached.store.outputs(uncached.load(i))
    }
    await cached.store.flush()
    expect((await uncached.store.outputs(b)).files).toEqual((await cached.store.outputs(a)).files)
  })
})

describe('the outputs a store holds after use', () => {
  it('are every memo’s in a site within the budget: asked again, none is read back', async () => {
    const { root, store, disk, cacheDir, load } = storeOver(40, { cache: true, recentBytes: 64 * 1024 * 1024 })
    const first = load(0)
    const original = await store.outputs(first)
    for (let i = 1; i < 40; i++) await store.outputs(load(i))
    await store.flush()
    // An entry that says something else: a store reading it back would give its zip.
    await plantOtherZip(cacheDir, disk, root, 0)
    expect((await store.outputs(first)).files.get('bundle.zip')).toEqual(original.files.get('bundle.zip'))
  })

  it('let the least recently used go first once their files pass the budget, and keep the last whatever its size', async () => {
    const outputs = (bytes: number) => Promise.resolve({ files: new Map([['bundle.zip', new Uint8Array(bytes)]]) } as unknown as MemoOutputs)
    const recent = new RecentOutputs<string>(100)
    recent.set('a', outputs(40))
    recent.set('b', outputs(40))
    await Promise.resolve()
    expect(recent.get('a')).toBeDefined() // now the most recent: b is the oldest
    recent.set('c', outputs(40))
    await new Promise((settle) => setImmediate(settle))
    expect([recent.get('a'), recent.get('b'), recent.get('c')].map(Boolean)).toEqual([true, false, true])
    recent.set('huge', outputs(1000))
    await new Promise((settle) => setImmediate(settle))
    expect([recent.get('a'), recent.get('c'), recent.get('huge')].map(Boolean)).toEqual([false, false, true])
  })

  it('keep a memo’s newer outputs when older ones it replaced fail', async () => {
    const recent = new RecentOutputs<string>(100)
    let fail: (e: Error) => void = () => {}
    const older = new Promise<MemoOutputs>((_, reject) => (fail = reject))
    older.catch(() => {})
    recent.set('a', older)
    const newer = Promise.resolve({ files: new Map([['bundle.zip', new Uint8Array(10)]]) } as unknown as MemoOutputs)
    recent.set('a', newer)
    fail(new Error('changed on disk'))
    await new Promise((settle) => setImmediate(settle))
    expect(recent.get('a')).toBe(newer)
  })

  it('count the bytes known of outputs still being made, so a build preparing thousands at once lets the oldest go', () => {
    const pending = () => new Promise<MemoOutputs>(() => {})
    const recent = new RecentOutputs<string>(100)
    recent.set('a', pending(), 60)
    recent.set('b', pending(), 60)
    expect([recent.get('a'), recent.get('b')].map(Boolean)).toEqual([false, true])
  })

  it('let outputs go that could not be made', async () => {
    const recent = new RecentOutputs<string>(100)
    const failed = Promise.reject(new Error('changed on disk'))
    failed.catch(() => {})
    recent.set('a', failed)
    await new Promise((settle) => setImmediate(settle))
    expect(recent.get('a')).toBeUndefined()
  })
})

function keyInputs(root: string, i: number) {
  return {
    memoFile: `m${i}.memo.md`,
    memoBytes: readFileSync(join(root, `m${i}.memo.md`)),
    configFile: `m${i}.cluster.json`,
    configBytes: readFileSync(join(root, `m${i}.cluster.json`)),
    name: `m${i}`,
    strict: false,
    sourceDateEpoch: 0,
  }
}
