import { spawn } from 'node:child_process'
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLI, ROOT, mwpack, type CliRun } from '../helpers/cli.js'
import { requireNode24 } from '../helpers/required-tools.js'
import { snapshotTree, tempDir } from '../helpers/tree.js'

/** The example memo and config in a fresh folder. */
function example(): string {
  const cwd = tempDir()
  cpSync(`${ROOT}/playground/5mw.memo.md`, join(cwd, '5mw.memo.md'))
  cpSync(`${ROOT}/playground/5mw.cluster.json`, join(cwd, '5mw.cluster.json'))
  return cwd
}

/** `mwpack build` of the example into `out`, with the code cache under `cache` (or off). */
function build(cwd: string, out: string, cache: string | 'off', node?: string): CliRun {
  const env = cache === 'off' ? { NODE_DISABLE_COMPILE_CACHE: '1' } : { NODE_COMPILE_CACHE: cache }
  return mwpack(['build', '5mw.memo.md', '--out', out], { cwd, env, ...(node ? { node } : {}) })
}

/** Each file of a built folder by name, as bytes. */
function files(dir: string): Record<string, Buffer> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]))
}

function cacheFiles(cache: string): string[] {
  const folder = join(cache, 'mwpack')
  return existsSync(folder) ? readdirSync(folder).sort() : []
}

describe('the command line keeps compiled code between runs', () => {
  it('writes the same files and prints the same lines with the cache cold, warm and off', () => {
    const cwd = example()
    const cache = join(cwd, 'cache')
    const cold = build(cwd, 'cold', cache)
    expect(cold.code).toBe(0)
    expect(cacheFiles(cache).length).toBeGreaterThan(5)
    const written = snapshotTree(join(cache, 'mwpack'))

    const warm = build(cwd, 'warm', cache)
    const off = build(cwd, 'off', 'off')
    expect([warm.code, off.code]).toEqual([0, 0])
    expect(files(join(cwd, 'warm'))).toEqual(files(join(cwd, 'cold')))
    expect(files(join(cwd, 'off'))).toEqual(files(join(cwd, 'cold')))
    const listing = (run: CliRun, out: string) => run.stdout.replaceAll(` -> ${out}\n`, ' -> OUT\n')
    expect(listing(warm, 'warm')).toBe(listing(cold, 'cold'))
    expect(listing(off, 'off')).toBe(listing(cold, 'cold'))
    // A warm run takes the cache as it is: nothing rewritten, nothing added.
    expect(snapshotTree(join(cache, 'mwpack'))).toEqual(written)
  })

  it('stores no compiled code when a run refuses its input: a user mistake changes nothing on disk, anywhere', () => {
    const cwd = example()
    writeFileSync(join(cwd, '5mw.cluster.json'), '{ "it_cap_mw": "five" }\n')
    const cache = join(cwd, 'cache')
    const refused = build(cwd, 'out', cache)
    expect(refused.code).toBe(2)
    expect(existsSync(join(cache, 'mwpack'))).toBe(false)
  })

  it.runIf(process.platform !== 'win32')('makes its folder readable and writable by the user alone', () => {
    const cwd = example()
    const cache = join(cwd, 'cache')
    expect(build(cwd, 'out', cache).code).toBe(0)
    expect(statSync(join(cache, 'mwpack')).mode & 0o777).toBe(0o700)
    for (const name of cacheFiles(cache)) expect(statSync(join(cache, 'mwpack', name)).mode & 0o777).toBe(0o600)
  })

  it('ignores and replaces a cache file that is corrupt or cut short, and builds the same bytes', () => {
    const cwd = example()
    const cache = join(cwd, 'cache')
    expect(build(cwd, 'before', cache).code).toBe(0)
    const names = cacheFiles(cache)
    names.forEach((name, i) => {
      const file = join(cache, 'mwpack', name)
      const bytes = readFileSync(file)
      if (i % 2 === 0) {
        // Same length, flipped bytes in the middle of V8's data: only the digest can tell.
        for (let at = bytes.length >> 1; at < Math.min(bytes.length, (bytes.length >> 1) + 64); at++) bytes[at] = bytes[at]! ^ 0xff
        writeFileSync(file, bytes)
      } else {
        writeFileSync(file, bytes.subarray(0, bytes.length >> 1))
      }
    })
    const corrupt = snapshotTree(join(cache, 'mwpack'))

    const run = build(cwd, 'after', cache)
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    expect(files(join(cwd, 'after'))).toEqual(files(join(cwd, 'before')))
    const rewritten = snapshotTree(join(cache, 'mwpack'))
    expect(Object.keys(rewritten)).toEqual(Object.keys(corrupt))
    for (const name of Object.keys(corrupt)) expect(rewritten[name], name).not.toBe(corrupt[name])
  })

  it('builds without a cache when its folder cannot be made, and leaves no trace', () => {
    const cwd = example()
    writeFileSync(join(cwd, 'a-file'), 'not a folder\n')
    const run = build(cwd, 'out', join(cwd, 'a-file'))
    expect(run.code).toBe(0)
    expect(run.stderr).toBe('')
    expect(readFileSync(join(cwd, 'a-file'), 'utf8')).toBe('not a folder\n')
    expect(files(join(cwd, 'out'))['bundle.zip']).toBeDefined()
  })

  it.runIf(process.platform !== 'win32')('neither reads nor writes a folder that other users can write or that someone else owns', () => {
    const cwd = example()
    const shared = join(cwd, 'shared')
    mkdirSync(join(shared, 'mwpack'), { recursive: true })
    chmodSync(join(shared, 'mwpack'), 0o777)
    expect(build(cwd, 'a', shared).code).toBe(0)
    expect(cacheFiles(shared)).toEqual([])

    // Cached code runs as it is, so a planted file must never be read: plant a valid cache where
    // another user could have, in a folder this user does not own.
    const valid = join(cwd, 'valid')
    expect(build(cwd, 'b', valid).code).toBe(0)
    const foreign = join(cwd, 'foreign')
    cpSync(join(valid, 'mwpack'), join(foreign, 'mwpack'), { recursive: true })
    const planted = snapshotTree(join(foreign, 'mwpack'))
    if (process.getuid?.() === 0) chownSync(join(foreign, 'mwpack'), 65534, 65534)
    else chmodSync(join(foreign, 'mwpack'), 0o775)
    expect(build(cwd, 'c', foreign).code).toBe(0)
    expect(snapshotTree(join(foreign, 'mwpack'))).toEqual(planted)
    expect(files(join(cwd, 'c'))).toEqual(files(join(cwd, 'a')))
  })

  it('keeps one cache per Node version, so Node 20 and Node 24 share a folder without harm', { timeout: 60_000 }, () => {
    const node24 = requireNode24()
    const cwd = example()
    const cache = join(cwd, 'cache')
    expect(build(cwd, 'first', cache).code).toBe(0)
    // Run under Node 24 itself, the two Nodes are one and share their files.
    const count = cacheFiles(cache).length
    const both = node24 === process.execPath ? count : 2 * count
    expect(build(cwd, 'other', cache, node24).code).toBe(0)
    expect(cacheFiles(cache).length).toBe(both)
    expect(build(cwd, 'again', cache).code).toBe(0)
    expect(build(cwd, 'other-again', cache, node24).code).toBe(0)
    expect(files(join(cwd, 'other-again'))).toEqual(files(join(cwd, 'first')))
    expect(files(join(cwd, 'again'))).toEqual(files(join(cwd, 'first')))
    expect(cacheFiles(cache).length).toBe(both)
  })

  it('removes its own files unused for 30 days when it writes new ones, and nothing else', () => {
    const cwd = example()
    const cache = join(cwd, 'cache')
    expect(build(cwd, 'first', cache).code).toBe(0)
    const inUse = cacheFiles(cache)
    const folder = join(cache, 'mwpack')
    const old = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000)
    const plant = (name: string, when: Date) => {
      writeFileSync(join(folder, name), 'x')
      utimesSync(join(folder, name), when, when)
    }
    plant(`${'a'.repeat(40)}.v8`, old) // an older mwpack's or Node's
    plant(`${'b'.repeat(40)}.v8.4242.tmp`, old) // a killed run's
    plant(`${'c'.repeat(40)}.v8`, new Date()) // recent: another Node's, in use
    plant('notes.txt', old) // not mwpack's
    // The build's own files are old too, yet it uses them, so they stay; one gone makes it write.
    for (const name of inUse) utimesSync(join(folder, name), old, old)
    rmSync(join(folder, inUse[0]!))
    expect(build(cwd, 'second', cache).code).toBe(0)
    const after = cacheFiles(cache)
    expect(after).not.toContain(`${'a'.repeat(40)}.v8`)
    expect(after).not.toContain(`${'b'.repeat(40)}.v8.4242.tmp`)
    expect(after).toContain(`${'c'.repeat(40)}.v8`)
    expect(after).toContain('notes.txt')
    expect(after).toEqual(expect.arrayContaining(inUse))
    expect(after).toHaveLength(inUse.length + 2)
  })

  it('survives builds that start together with a cold cache', async () => {
    const cwd = example()
    const cache = join(cwd, 'cache')
    const runs = await Promise.all(
      [1, 2, 3, 4].map(
        (i) =>
          new Promise<number | null>((resolve) => {
            const child = spawn(process.execPath, [CLI, 'build', '5mw.memo.md', '--out', `out${i}`], {
              cwd,
              env: { PATH: process.env.PATH, NO_COLOR: '1', NODE_COMPILE_CACHE: cache },
              stdio: 'ignore',
            })
            child.on('close', resolve)
          }),
      ),
    )
    expect(runs).toEqual([0, 0, 0, 0])
    for (const i of [2, 3, 4]) expect(files(join(cwd, `out${i}`))).toEqual(files(join(cwd, 'out1')))
    expect(cacheFiles(cache).every((name) => name.endsWith('.v8'))).toBe(true)
    expect(build(cwd, 'warm', cache).code).toBe(0)
  })
})
