// The build cache against a folder someone else can write to: links, FIFOs, huge files, planted names, forged entries.
import { spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'vite'
import { describe, expect, it } from 'vitest'
import { zipBundle } from '../../dist/archive/zip-bundle.js'
import { decodeEntry, encodeEntry } from '../../dist/plugin/cache-entry.js'
import { MAX_ENTRY_BYTES, MemoCache, rollupCacheDir } from '../../dist/plugin/memo-cache.js'
import { sha256Hex } from '../../dist/manifest/sha256.js'
import mwpack from '../../dist/vite.js'
import { filesUnder, siteWithExample, viteLibraryBuild } from '../helpers/sites.js'
import { tempDir } from '../helpers/tree.js'

const ROOT = join(import.meta.dirname, '../..')

/** A site with one memo, 5mw, and its config; a package.json so Vite's cacheDir is node_modules/.vite. */
function site(): string {
  const root = siteWithExample()
  writeFileSync(join(root, 'package.json'), '{ "private": true, "type": "module" }\n')
  writeFileSync(join(root, 'entry.js'), "import memo from './5mw.memo.md'\nexport default memo\n")
  return root
}

const cacheDir = (root: string) => join(root, 'node_modules/.vite/mwpack')
/** The memo's slot: entries are named after the memo's path as messages show it. */
const slotOf = (root: string) => join(cacheDir(root), `${sha256Hex('5mw.memo.md').slice(0, 32)}.entry`)

function viteBuild(root: string, options: Parameters<typeof mwpack>[0] = {}, out = 'out', plugin = mwpack): Promise<Map<string, Buffer>> {
  return viteLibraryBuild(root, [plugin({ sourceDateEpoch: 0, strict: false, ...options })], out)
}

/** The key the plugin uses for the site's memo with the options above. */
function keyOf(root: string): string {
  return new MemoCache(cacheDir(root)).key({
    memoFile: '5mw.memo.md',
    memoBytes: readFileSync(join(root, '5mw.memo.md')),
    configFile: '5mw.cluster.json',
    configBytes: readFileSync(join(root, '5mw.cluster.json')),
    name: '5mw',
    strict: false,
    sourceDateEpoch: 0,
  })
}

describe('the build cache in a folder others can write to', () => {
  it.each([
    ['a link to a whole entry elsewhere', (slot: string, root: string) => symlinkSync(join(root, 'elsewhere.entry'), slot)],
    ['a FIFO no one writes to', (slot: string) => expect(spawnSync('mkfifo', [slot]).status).toBe(0)],
    ['a file larger than any entry', (slot: string) => (writeFileSync(slot, ''), truncateSync(slot, MAX_ENTRY_BYTES + 1))],
  ] as const)('never reads %s in an entry’s place, and puts a whole entry there', async (_, plant) => {
    const root = site()
    const cold = await viteBuild(root, { cache: false }, 'out-cold')
    await viteBuild(root)
    const slot = slotOf(root)
    const whole = readFileSync(slot)
    writeFileSync(join(root, 'elsewhere.entry'), whole)
    rmSync(slot)
    plant(slot, root)
    // A FIFO read would block this build for ever: the test's timeout is the proof it was not opened for a wait.
    expect(await viteBuild(root)).toEqual(cold)
    expect(lstatSync(slot).isFile()).toBe(true)
    expect(readFileSync(slot)).toEqual(whole)
    expect(readFileSync(join(root, 'elsewhere.entry'))).toEqual(whole)
  })

  it('never writes through a link planted at a temporary file’s name, as the names of earlier versions could be guessed', async () => {
    const root = site()
    const cold = await viteBuild(root, { cache: false }, 'out-cold')
    const victim = join(root, 'victim.txt')
    writeFileSync(victim, 'not the cache’s\n')
    mkdirSync(cacheDir(root), { recursive: true })
    // Every name the old scheme (slot.PID.N.tmp) would have used for this process.
    for (let n = 0; n < 100; n++) symlinkSync(victim, `${slotOf(root)}.${process.pid}.${n}.tmp`)
    expect(await viteBuild(root)).toEqual(cold)
    expect(readFileSync(victim, 'utf8')).toBe('not the cache’s\n')
    expect(lstatSync(slotOf(root)).isFile()).toBe(true)
    expect(decodeEntry(readFileSync(slotOf(root)), keyOf(root))).toBeDefined()
  })

  it('writes its folder and entries readable by all and writable by their owner only, whatever the umask', () => {
    const dir = join(tempDir('mwpack-umask-'), 'cache')
    // process.umask cannot be set in a worker: a child process with umask 0 writes one entry.
    const script = `
      process.umask(0)
      const { MemoCache } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/plugin/memo-cache.js')).href)})
      const cache = new MemoCache(${JSON.stringify(dir)}, 'code')
      const memo = Buffer.from('m')
      const manifest = Buffer.from(JSON.stringify({ files: [{ path: 'memo.md', sha256: require('node:crypto').createHash('sha256').update(memo).digest('hex'), size: 1 }] }))
      cache.write('m.memo.md', 'key', Promise.resolve({ warnings: [], entries: new Map([['memo.md', memo], ['MANIFEST.json', manifest]]), bundle: new Uint8Array() }))
      await cache.flush()`.replace("require('node:crypto')", "(await import('node:crypto'))")
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })
    expect(child.stderr).toBe('')
    expect(statSync(dir).mode & 0o777).toBe(0o755)
    const [entry] = readdirSync(dir)
    expect(statSync(join(dir, entry!)).mode & 0o777).toBe(0o644)
  })

  it.each([
    [
      'a memo.md its own MANIFEST.json does not list',
      (entry: NonNullable<ReturnType<typeof decodeEntry>>) => ({ ...entry, entries: new Map([...entry.entries, ['memo.md', Buffer.from('forged\n')]]) }),
    ],
    [
      'a report that is not JSON, listed in its manifest',
      (entry: NonNullable<ReturnType<typeof decodeEntry>>) => {
        const report = Buffer.from('{ not json')
        const manifest = JSON.parse(Buffer.from(entry.entries.get('MANIFEST.json')!).toString()) as {
          files: Array<{ path: string; sha256: string; size: number }>
        }
        for (const f of manifest.files) if (f.path === 'cluster_report.json') Object.assign(f, { sha256: sha256Hex(report), size: report.length })
        return { ...entry, entries: new Map([...entry.entries, ['cluster_report.json', report], ['MANIFEST.json', Buffer.from(JSON.stringify(manifest))]]) }
      },
    ],
  ] as const)('takes no entry whose parts disagree (%s): the build equals a cold one and writes the entry again', async (_, forge) => {
    const root = site()
    const cold = await viteBuild(root, { cache: false }, 'out-cold')
    await viteBuild(root)
    const whole = readFileSync(slotOf(root))
    writeFileSync(slotOf(root), encodeEntry(keyOf(root), forge(decodeEntry(whole, keyOf(root))!)))
    expect(await viteBuild(root)).toEqual(cold)
    expect(readFileSync(slotOf(root))).toEqual(whole)
  })

  it('turns itself off, with a warning, when mwpack cannot read its own code, and the build goes on', async () => {
    // mwpack as installed, with one of its files a dangling link: it cannot fingerprint its code.
    const pkg = tempDir('mwpack-broken-install-')
    cpSync(join(ROOT, 'dist'), join(pkg, 'dist'), { recursive: true })
    cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'))
    symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'))
    symlinkSync(join(pkg, 'dist/missing.js'), join(pkg, 'dist/broken.js'))
    const broken = (await import(pathToFileURL(join(pkg, 'dist/vite.js')).href)) as { default: typeof mwpack }
    const root = site()
    const cold = await viteBuild(root, { cache: false }, 'out-cold')
    const warnings: string[] = []
    await build({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [broken.default({ sourceDateEpoch: 0, strict: false })],
      build: {
        outDir: join(root, 'out'),
        emptyOutDir: true,
        lib: { entry: join(root, 'entry.js'), formats: ['es'], fileName: () => 'entry.mjs' },
        rollupOptions: { onwarn: (w) => void warnings.push(w.message) },
      },
    })
    expect(filesUnder(join(root, 'out'))).toEqual(cold)
    expect(warnings.join('\n')).toMatch(/the build cache is off: mwpack could not read its own code.*\[MWP_CACHE_OFF\]/s)
    expect(existsSync(cacheDir(root))).toBe(false)
  })
})

describe('the Rollup cache folder', () => {
  it('is node_modules/.cache/mwpack of the nearest folder with a package.json, not of the folder the build starts in', () => {
    const project = tempDir('mwpack-project-')
    writeFileSync(join(project, 'package.json'), '{}\n')
    mkdirSync(join(project, 'docs/memos'), { recursive: true })
    expect(rollupCacheDir(join(project, 'docs/memos'))).toBe(join(project, 'node_modules/.cache/mwpack'))
    expect(rollupCacheDir(project)).toBe(join(project, 'node_modules/.cache/mwpack'))
  })

  it('is none, and the build keeps no cache, when no folder up from where it starts has a package.json', () => {
    const outside = tempDir('mwpack-no-project-')
    const up: string[] = []
    for (let dir = outside; dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'package.json'))) up.push(dir)
    expect(up).toEqual([]) // the temporary folder is outside any project on the machines this runs on
    expect(rollupCacheDir(outside)).toBeUndefined()
  })
})

describe('pruning in a folder others can write to', () => {
  /** A site whose cache is due for pruning: built once, the stamp aged past an hour and replaced by `plant`. */
  async function dueForPruning(plant: (stamp: string, root: string) => void): Promise<{ root: string; cold: Map<string, Buffer> }> {
    const root = site()
    const cold = await viteBuild(root, { cache: false }, 'out-cold')
    await viteBuild(root)
    const stamp = join(cacheDir(root), 'pruned.stamp')
    rmSync(stamp, { force: true })
    plant(stamp, root)
    return { root, cold }
  }

  it.each([
    [
      'a link to a file outside the cache',
      (stamp: string, root: string) => (writeFileSync(join(root, 'victim.txt'), 'kept\n'), symlinkSync(join(root, 'victim.txt'), stamp)),
    ],
    ['a FIFO', (stamp: string) => expect(spawnSync('mkfifo', [stamp]).status).toBe(0)],
    ['a folder', (stamp: string) => mkdirSync(stamp)],
  ] as const)('never writes through, waits on or fails at %s in the stamp’s place', async (_, plant) => {
    const { root, cold } = await dueForPruning(plant)
    expect(await viteBuild(root)).toEqual(cold)
    if (existsSync(join(root, 'victim.txt'))) expect(readFileSync(join(root, 'victim.txt'), 'utf8')).toBe('kept\n')
    expect(readdirSync(cacheDir(root)).filter((f) => f.includes('.tmp'))).toEqual([])
  })
})

describe('pruning with clocks that disagree', () => {
  it('counts ages both ways: a stamp and an entry dated far in the future (a restored cache) do not stop pruning until that date', async () => {
    const root = site()
    await viteBuild(root)
    const year = 365 * 24 * 60 * 60 * 1000
    const gone = join(cacheDir(root), `${'a'.repeat(32)}.entry`)
    writeFileSync(gone, 'the entry of a memo long gone, dated next year')
    for (const file of [gone, join(cacheDir(root), 'pruned.stamp')]) {
      const future = new Date(Date.now() + year)
      utimesSync(file, future, future)
    }
    await viteBuild(root)
    expect(existsSync(gone)).toBe(false)
    expect(existsSync(slotOf(root))).toBe(true)
  })
})

describe('a cached bundle.zip', () => {
  it('is published only when it holds exactly the entry’s other files: a forged or stale zip is a miss and is written again', async () => {
    const root = site()
    const cold = await viteBuild(root, { cache: false }, 'out-cold')
    await viteBuild(root)
    const whole = readFileSync(slotOf(root))
    const entry = decodeEntry(whole, keyOf(root))!
    for (const bundle of [
      Buffer.from('PK forged zip'),
      await zipBundle(
        [...entry.entries].slice(0, 1).map(([path, bytes]) => ({ path, bytes })),
        0,
      ),
    ]) {
      writeFileSync(slotOf(root), encodeEntry(keyOf(root), { ...entry, bundle }))
      expect(await viteBuild(root)).toEqual(cold)
      expect(readFileSync(slotOf(root))).toEqual(whole)
    }
  })
})
