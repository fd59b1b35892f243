import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { rollup } from 'rollup'
import { build } from 'vite'
import { describe, expect, it } from 'vitest'
import { zipBundle } from '../../dist/archive/zip-bundle.js'
import { decodeEntry, encodeEntry } from '../../dist/plugin/cache-entry.js'
import { codeFingerprint } from '../../dist/plugin/code-fingerprint.js'
import { MemoCache, type CacheInputs } from '../../dist/plugin/memo-cache.js'
import { sha256Hex } from '../../dist/manifest/sha256.js'
import mwpackRollup from '../../dist/rollup.js'
import mwpack from '../../dist/vite.js'
import { filesUnder, siteWithExample, viteLibraryBuild } from '../helpers/sites.js'
import { tempDir } from '../helpers/tree.js'

type Options = Parameters<typeof mwpack>[0]

/** A site with a package.json (so Vite's cacheDir is node_modules/.vite) and three memos: 5mw, b and c. */
function site(): string {
  const root = siteWithExample()
  writeFileSync(join(root, 'package.json'), '{ "private": true, "type": "module" }\n')
  for (const name of ['b', 'c']) {
    cpSync(join(root, '5mw.memo.md'), join(root, `${name}.memo.md`))
    cpSync(join(root, '5mw.cluster.json'), join(root, `${name}.cluster.json`))
  }
  writeFileSync(
    join(root, 'entry.js'),
    [
      "import memo from './5mw.memo.md'",
      "import report from './5mw.memo.md?report'",
      "import html from './5mw.memo.md?html'",
      "import b from './b.memo.md'",
      "import c from './c.memo.md'",
      'export { memo, report, html, b, c }',
      '',
    ].join('\n'),
  )
  return root
}

const cacheDir = (root: string) => join(root, 'node_modules/.vite/mwpack')
/** The cache folder's files but the stamp that says when it was last pruned. */
const entriesIn = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f !== 'pruned.stamp')
        .sort()
    : []

/** Builds the site into `out` and returns every output file (JavaScript and artifacts) with its bytes. */
function viteBuild(root: string, options: Options = {}, out = 'out'): Promise<Map<string, Buffer>> {
  return viteLibraryBuild(root, [mwpack({ sourceDateEpoch: 0, strict: false, ...options })], out)
}

describe('the build cache', () => {
  it('lives in Vite’s cacheDir, one entry per memo, and a warm build gives the same bytes as a cold one and as no cache', async () => {
    const root = site()
    const cold = await viteBuild(root)
    expect(entriesIn(cacheDir(root))).toHaveLength(3)
    const warm = await viteBuild(root)
    const uncached = await viteBuild(root, { cache: false }, 'out-uncached')
    expect([...cold.keys()]).toContain('mwpack/5mw/bundle.zip')
    expect(warm).toEqual(cold)
    expect(uncached).toEqual(cold)
  })

  it('is what a warm build serves, without preparing the memo again: a planted entry under the right key is taken as is', async () => {
    const root = site()
    await viteBuild(root)
    const [file] = entriesIn(cacheDir(root)).filter((f) => decodeEntry(readFileSync(join(cacheDir(root), f)), keyOf(root, '5mw')))
    expect(file).toBeDefined()
    const slot = join(cacheDir(root), file!)
    const entry = decodeEntry(readFileSync(slot), keyOf(root, '5mw'))!
    // A planted memo.md is taken only with a manifest that lists it: the entry's parts must agree.
    const planted = Buffer.from('planted\n')
    const manifest = JSON.parse(Buffer.from(entry.entries.get('MANIFEST.json')!).toString()) as { files: Array<{ path: string; sha256: string; size: number }> }
    for (const f of manifest.files) if (f.path === 'memo.md') Object.assign(f, { sha256: sha256Hex(planted), size: planted.length })
    // ... and a bundle.zip made of exactly those files.
    const plantedEntries = new Map([...entry.entries, ['memo.md', planted], ['MANIFEST.json', Buffer.from(JSON.stringify(manifest))]])
    const plantedZip = await zipBundle(
      [...plantedEntries].map(([path, bytes]) => ({ path, bytes })),
      0,
    )
    writeFileSync(
      slot,
      encodeEntry(keyOf(root, '5mw'), {
        ...entry,
        entries: plantedEntries,
        bundle: plantedZip,
      }),
    )
    const warm = await viteBuild(root)
    expect(warm.get('mwpack/5mw/bundle.zip')).toEqual(Buffer.from(plantedZip))
    expect(warm.get('entry.mjs')!.toString()).toContain('planted\\n')
  })

  it.each([
    [
      'the memo changes',
      (root: string) => writeFileSync(join(root, '5mw.memo.md'), `${readFileSync(join(root, '5mw.memo.md'), 'utf8')}\nOne more line.\n`),
      {},
    ],
    [
      'the config changes',
      (root: string) => {
        const config = JSON.parse(readFileSync(join(root, '5mw.cluster.json'), 'utf8'))
        writeFileSync(join(root, '5mw.cluster.json'), JSON.stringify({ ...config, it_cap_mw: 4 }, null, 2))
      },
      {},
    ],
    ['another config wins the lookup', (root: string) => cpSync(join(root, 'b.cluster.json'), join(root, 'cluster.json')), { config: 'cluster.json' }],
    ['sourceDateEpoch changes', () => undefined, { sourceDateEpoch: 1_700_000_000 }],
  ] as const)('is never served stale: after %s the build equals one without the cache', async (_, change, options) => {
    const root = site()
    await viteBuild(root)
    change(root)
    const warm = await viteBuild(root, options)
    const uncached = await viteBuild(root, { ...options, cache: false }, 'out-uncached')
    expect(warm).toEqual(uncached)
  })

  it('keeps a memo’s warnings: a warm build tells them again, and a strict build fails on them', async () => {
    const root = site()
    const config = JSON.parse(readFileSync(join(root, '5mw.cluster.json'), 'utf8'))
    writeFileSync(join(root, '5mw.cluster.json'), JSON.stringify({ ...config, min_nodes: 1000 }, null, 2))
    const warnings = async (options: Options) => {
      const told: string[] = []
      await build({
        root,
        configFile: false,
        logLevel: 'silent',
        plugins: [mwpack({ sourceDateEpoch: 0, strict: false, ...options })],
        build: { outDir: join(root, 'out'), emptyOutDir: true, lib: { entry: join(root, 'entry.js'), formats: ['es'], fileName: () => 'entry.mjs' } },
        customLogger: {
          info() {},
          warnOnce() {},
          error() {},
          clearScreen() {},
          hasErrorLogged: () => false,
          hasWarned: false,
          warn: (m: string) => void told.push(m),
        },
      })
      return told.filter((m) => m.includes('MWP_BELOW_MIN_NODES'))
    }
    const cold = await warnings({})
    expect(cold).toHaveLength(1)
    expect(await warnings({})).toEqual(cold)
    await expect(warnings({ strict: true })).rejects.toThrow(/below min_nodes = 1000/)
  })

  it('ignores a truncated, an altered and a foreign entry, and writes each again', async () => {
    const root = site()
    const cold = await viteBuild(root)
    const files = entriesIn(cacheDir(root)).map((f) => join(cacheDir(root), f))
    const originals = files.map((f) => readFileSync(f))
    truncateSync(files[0]!, Math.floor(originals[0]!.length / 2))
    const altered = Buffer.from(originals[1]!)
    altered[altered.length - 10]! ^= 0xff
    writeFileSync(files[1]!, altered)
    // Another memo's entry in this memo's slot: whole and intact, but written for other inputs.
    writeFileSync(files[2]!, originals[0]!)
    writeFileSync(join(cacheDir(root), 'not-ours.entry'), 'something else entirely')
    const warm = await viteBuild(root)
    expect(warm).toEqual(cold)
    expect(files.map((f) => readFileSync(f))).toEqual(originals)
  })

  it('is safe for two builds at once: each gives the cold bytes, and every entry is whole', async () => {
    const root = site()
    const reference = await viteBuild(root, { cache: false }, 'out-reference')
    const [a, b] = await Promise.all([viteBuild(root, {}, 'out-a'), viteBuild(root, {}, 'out-b')])
    expect(a).toEqual(reference)
    expect(b).toEqual(reference)
    const names = entriesIn(cacheDir(root))
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([])
    expect(names).toHaveLength(3)
    expect(await viteBuild(root)).toEqual(reference)
  })

  it('writes nothing with cache: false', async () => {
    const root = site()
    await viteBuild(root, { cache: false })
    expect(existsSync(cacheDir(root))).toBe(false)
  })

  it('keeps a Rollup build’s entries in node_modules/.cache/mwpack, and reads them back for the same bytes', async () => {
    const root = site()
    rmSync(join(root, 'entry.js'))
    writeFileSync(join(root, 'entry.js'), "export { default } from './5mw.memo.md'\n")
    const bundleOnce = async (out: string) => {
      const bundle = await rollup({ input: join(root, 'entry.js'), plugins: [mwpackRollup({ sourceDateEpoch: 0 })] })
      await bundle.write({ dir: join(root, out), format: 'es' })
      await bundle.close()
      return filesUnder(join(root, out))
    }
    const previous = process.cwd()
    process.chdir(root)
    try {
      const cold = await bundleOnce('out-cold')
      expect(entriesIn(join(root, 'node_modules/.cache/mwpack'))).toHaveLength(1)
      expect(await bundleOnce('out-warm')).toEqual(cold)
    } finally {
      process.chdir(previous)
    }
  })
})

describe('pruning the build cache', () => {
  const DAY_MS = 24 * 60 * 60 * 1000
  /** Sets a file's modification time (its last use, to the cache) to `ms` ago. */
  const age = (file: string, ms: number) => {
    const then = new Date(Date.now() - ms)
    utimesSync(file, then, then)
  }
  const ageAll = (dir: string, ms: number) => readdirSync(dir).forEach((f) => age(join(dir, f), ms))
  /** The entry file of the memo the site shows as `display`: slots are named after the memo's path. */
  const slot = (root: string, display: string) => join(cacheDir(root), `${sha256Hex(display).slice(0, 32)}.entry`)

  it('removes the entry of a memo moved away once no build has used it for a week, and keeps those in use', async () => {
    const root = site()
    await viteBuild(root)
    expect(existsSync(slot(root, 'c.memo.md'))).toBe(true)
    renameSync(join(root, 'c.memo.md'), join(root, 'd.memo.md'))
    renameSync(join(root, 'c.cluster.json'), join(root, 'd.cluster.json'))
    writeFileSync(join(root, 'entry.js'), readFileSync(join(root, 'entry.js'), 'utf8').replace("'./c.memo.md'", "'./d.memo.md'"))
    // Another site's entry in the same folder, and a file not the cache's; a write a build stopped in the middle of.
    const otherBuilds = join(cacheDir(root), `${'f'.repeat(32)}.entry`)
    writeFileSync(otherBuilds, 'used by another build six days ago')
    writeFileSync(join(cacheDir(root), 'notes.txt'), 'not the cache’s')
    writeFileSync(join(cacheDir(root), `${'e'.repeat(32)}.entry.123.4.tmp`), 'half an entry')
    ageAll(cacheDir(root), 8 * DAY_MS)
    age(otherBuilds, 6 * DAY_MS)

    const reference = await viteBuild(root, { cache: false }, 'out-reference')
    expect(await viteBuild(root)).toEqual(reference)
    expect(entriesIn(cacheDir(root))).toEqual(
      [slot(root, '5mw.memo.md'), slot(root, 'b.memo.md'), slot(root, 'd.memo.md'), otherBuilds, join(cacheDir(root), 'notes.txt')]
        .map((f) => f.slice(cacheDir(root).length + 1))
        .sort(),
    )
    // Used by this build (read back), so marked used now: the next build a week on still finds them.
    expect(Date.now() - statSync(slot(root, '5mw.memo.md')).mtimeMs).toBeLessThan(DAY_MS)
  })

  it('prunes a folder at most once an hour, whatever the number of builds', async () => {
    const root = site()
    await viteBuild(root)
    const dead = join(cacheDir(root), `${'a'.repeat(32)}.entry`)
    writeFileSync(dead, 'a memo deleted long ago')
    age(dead, 30 * DAY_MS)
    await viteBuild(root)
    expect(existsSync(dead)).toBe(true)
    age(join(cacheDir(root), 'pruned.stamp'), 2 * 60 * 60 * 1000)
    await viteBuild(root)
    expect(existsSync(dead)).toBe(false)
  })

  it('breaks no build running at once: two sites sharing one cache folder, due for pruning, both build the cold bytes', async () => {
    const shared = tempDir('mwpack-shared-cache-')
    const [one, two] = [site(), site()]
    // The second site's memos have other names, so other entries: each build may prune the other's before it reads them.
    for (const [from, to] of [
      ['5mw', 'x'],
      ['b', 'y'],
      ['c', 'z'],
    ]) {
      renameSync(join(two, `${from}.memo.md`), join(two, `${to}.memo.md`))
      renameSync(join(two, `${from}.cluster.json`), join(two, `${to}.cluster.json`))
      writeFileSync(join(two, 'entry.js'), readFileSync(join(two, 'entry.js'), 'utf8').replaceAll(`'./${from}.memo.md`, `'./${to}.memo.md`))
    }
    const buildWith = (root: string, options: Options, out: string) =>
      build({
        root,
        configFile: false,
        logLevel: 'silent',
        cacheDir: shared,
        plugins: [mwpack({ sourceDateEpoch: 0, strict: false, ...options })],
        build: { outDir: join(root, out), emptyOutDir: true, lib: { entry: join(root, 'entry.js'), formats: ['es'], fileName: () => 'entry.mjs' } },
      }).then(() => filesUnder(join(root, out)))
    const references = await Promise.all([buildWith(one, { cache: false }, 'ref'), buildWith(two, { cache: false }, 'ref')])
    await Promise.all([buildWith(one, {}, 'out'), buildWith(two, {}, 'out')])
    expect(entriesIn(join(shared, 'mwpack'))).toHaveLength(6)
    // Every entry unused for a week, and pruning due.
    ageAll(join(shared, 'mwpack'), 8 * DAY_MS)
    for (let round = 0; round < 2; round++) {
      age(join(shared, 'mwpack', 'pruned.stamp'), 2 * 60 * 60 * 1000)
      expect(await Promise.all([buildWith(one, {}, 'out'), buildWith(two, {}, 'out')])).toEqual(references)
      expect(entriesIn(join(shared, 'mwpack'))).toHaveLength(6)
    }
  })
})

describe('a cache key', () => {
  const inputs: CacheInputs = {
    memoFile: 'memo.memo.md',
    memoBytes: Buffer.from('# Memo\n'),
    configFile: 'cluster.json',
    configBytes: Buffer.from('{}'),
    name: 'memo',
    strict: false,
    sourceDateEpoch: 0,
  }

  it.each([
    ['memo bytes', { memoBytes: Buffer.from('# Memo!\n') }],
    ['memo path', { memoFile: 'other.memo.md' }],
    ['config bytes', { configBytes: Buffer.from('{ }') }],
    ['config path', { configFile: 'other.cluster.json' }],
    ['no config', { configFile: undefined, configBytes: undefined }],
    ['name', { name: 'other' }],
    ['strict', { strict: true }],
    ['sourceDateEpoch', { sourceDateEpoch: 1 }],
  ] as const)('changes with the %s', (_, change) => {
    const cache = new MemoCache(tempDir('mwpack-key-'), 'code')
    expect(cache.key({ ...inputs, ...change })).not.toBe(cache.key(inputs))
  })

  it('changes with mwpack’s code, and an entry written by other code is a miss', async () => {
    const dir = tempDir('mwpack-key-')
    const before = new MemoCache(dir, 'mwpack@0.1.0 aaa')
    const after = new MemoCache(dir, 'mwpack@0.1.0 bbb')
    expect(after.key(inputs)).not.toBe(before.key(inputs))
    writeFileSync(join(dir, 'x.entry'), encodeEntry(before.key(inputs), await tinyEntry()))
    expect(decodeEntry(readFileSync(join(dir, 'x.entry')), before.key(inputs))?.entries.get('memo.md')).toEqual(new Uint8Array(Buffer.from('m')))
    expect(decodeEntry(readFileSync(join(dir, 'x.entry')), after.key(inputs))).toBeUndefined()
  })

  it('names the version, every code file, the installed version of each dependency and of theirs, and the Node version: a change to any gives another fingerprint', () => {
    // A package laid out as installed: package.json, dist/ and one dependency in node_modules.
    const pkg = tempDir('mwpack-code-')
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'mwpack', dependencies: { 'zip-writer': '^1.0.0' } }))
    cpSync(join(import.meta.dirname, '../../dist/plugin'), join(pkg, 'dist/plugin'), { recursive: true })
    const dependency = join(pkg, 'node_modules/zip-writer')
    mkdirSync(dependency, { recursive: true })
    writeFileSync(join(dependency, 'index.js'), 'module.exports = {}\n')
    const dependencyVersion = (version: string) =>
      writeFileSync(
        join(dependency, 'package.json'),
        JSON.stringify({ name: 'zip-writer', version, main: 'index.js', dependencies: { 'crc-table': '^2.0.0' } }),
      )
    dependencyVersion('1.0.0')
    // The dependency's own dependency, hoisted beside it as npm installs it.
    const transitive = join(pkg, 'node_modules/crc-table')
    mkdirSync(transitive, { recursive: true })
    const transitiveVersion = (version: string) => writeFileSync(join(transitive, 'package.json'), JSON.stringify({ name: 'crc-table', version }))
    transitiveVersion('2.0.0')
    const code = join(pkg, 'dist')
    const before = codeFingerprint(code)
    expect(before).toMatch(
      new RegExp(`^mwpack@\\d+\\.\\d+\\.\\d+\\S* [0-9a-f]{64} crc-table@2\\.0\\.0 zip-writer@1\\.0\\.0 node@${process.version.replace(/\./g, '\\.')}$`),
    )
    transitiveVersion('2.0.1')
    const transitiveUpdated = codeFingerprint(code)
    expect(transitiveUpdated).not.toBe(before)
    dependencyVersion('1.0.1')
    const updated = codeFingerprint(code)
    expect(updated).not.toBe(transitiveUpdated)
    writeFileSync(join(code, 'plugin/memo-store.js'), `${readFileSync(join(code, 'plugin/memo-store.js'), 'utf8')}\n// changed\n`)
    expect(codeFingerprint(code)).not.toBe(updated)
  })

  it('cannot be made when a dependency is missing or a code file unreadable: the cache is then off, with a warning to show', async () => {
    const pkg = tempDir('mwpack-code-')
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'mwpack', dependencies: { 'not-installed': '^1.0.0' } }))
    mkdirSync(join(pkg, 'dist'))
    writeFileSync(join(pkg, 'dist/index.js'), '')
    expect(() => codeFingerprint(join(pkg, 'dist'))).toThrow()
    const cache = new MemoCache(tempDir('mwpack-key-'), () => codeFingerprint(join(pkg, 'dist')))
    expect(cache.off).toMatchObject({ code: 'MWP_CACHE_OFF', severity: 'warning' })
    cache.write(inputs.memoFile, cache.key(inputs), tinyEntry())
    await cache.flush()
    expect(cache.read(inputs.memoFile, cache.key(inputs))).toBeUndefined()
    expect(readdirSync(cache.dir)).toEqual([])
  })
})

/** A whole entry of one memo.md, the manifest that lists it and the zip of both. */
async function tinyEntry() {
  const memo = Buffer.from('m')
  const manifest = Buffer.from(JSON.stringify({ files: [{ path: 'memo.md', sha256: sha256Hex(memo), size: memo.length }] }))
  return {
    warnings: [],
    entries: new Map([
      ['memo.md', memo],
      ['MANIFEST.json', manifest],
    ]),
    bundle: await zipBundle(
      [
        { path: 'memo.md', bytes: memo },
        { path: 'MANIFEST.json', bytes: manifest },
      ],
      0,
    ),
  }
}

/** The key the plugin uses for a memo of the test site (default options, paths relative to the root). */
function keyOf(root: string, name: string): string {
  return new MemoCache(cacheDir(root)).key({
    memoFile: `${name}.memo.md`,
    memoBytes: readFileSync(join(root, `${name}.memo.md`)),
    configFile: `${name}.cluster.json`,
    configBytes: readFileSync(join(root, `${name}.cluster.json`)),
    name,
    strict: false,
    sourceDateEpoch: 0,
  })
}
