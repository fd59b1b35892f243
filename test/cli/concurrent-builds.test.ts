import { spawn } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { CLI, mwpack } from '../helpers/cli.js'
import { exampleFolder } from '../helpers/limits.js'
import { tempDir } from '../helpers/tree.js'

/** Spawns `mwpack ...args` without waiting; resolves with its exit code and stderr. */
function start(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('exit', (code) => resolve({ code, stderr }))
  })
}

describe('builds into one --out at the same time', () => {
  it('all succeed (the last one to finish wins), never exit 3, leave no temp folder, and leave an intact folder', async () => {
    const cwd = exampleFolder()
    const runs = 8
    const epochs: number[] = []
    for (let round = 0; round < 2; round++) {
      const batch = Array.from({ length: runs }, (_, i) => 1_700_000_000 + round * runs + i)
      epochs.push(...batch)
      const results = await Promise.all(batch.map((epoch) => start(['build', '5mw.memo.md', '--out', 'dist/5mw', '--source-date-epoch', String(epoch)], cwd)))
      for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' })
      expect(readdirSync(join(cwd, 'dist'))).toEqual(['5mw'])
      expect(mwpack(['verify', 'dist/5mw'], { cwd }).code).toBe(0)
      const manifest = JSON.parse(readFileSync(join(cwd, 'dist/5mw/MANIFEST.json'), 'utf8'))
      expect(batch).toContain(manifest.source_date_epoch)
    }
  })

  it('swap folders safely from many threads at once: no error, no half-written file, nothing left beside the folder', async () => {
    const parent = tempDir()
    mkdirSync(join(parent, 'out'))
    const script = `
      const { workerData, parentPort } = require('node:worker_threads')
      const fs = require('node:fs')
      import(workerData.module).then(({ replaceFolder }) => {
        const errors = []
        for (let i = 0; i < workerData.iterations; i++) {
          const stamp = workerData.id + ':' + i
          const files = new Map([['a.txt', Buffer.from(stamp)], ['b.txt', Buffer.from(stamp)]])
          try {
            replaceFolder(workerData.target, files)
          } catch (e) {
            errors.push(String(e.code || e.message))
          }
          // Whatever folder is in place now was written whole before it was swapped in: a file in it
          // is missing only for the instant of a swap, and never half-written.
          for (const file of ['a.txt', 'b.txt']) {
            try {
              const text = fs.readFileSync(workerData.target + '/' + file, 'utf8')
              if (!/^[0-9]+:[0-9]+$/.test(text)) errors.push('half-written ' + file + ': ' + JSON.stringify(text))
            } catch (e) {
              if (e.code !== 'ENOENT') errors.push(String(e.code || e.message))
            }
          }
        }
        parentPort.postMessage(errors)
      })`
    const module = new URL('../../dist/cli/write-output.js', import.meta.url).href
    const workers = Array.from(
      { length: 4 },
      (_, id) =>
        new Promise<string[]>((resolve, reject) => {
          const worker = new Worker(script, { eval: true, workerData: { module, target: join(parent, 'out'), iterations: 60, id } })
          worker.on('message', resolve)
          worker.on('error', reject)
        }),
    )
    const errors = (await Promise.all(workers)).flat()
    expect(errors).toEqual([])
    expect(readdirSync(parent)).toEqual(['out'])
    expect(readdirSync(join(parent, 'out')).sort()).toEqual(['a.txt', 'b.txt'])
    // The folder left in place is one run's, whole.
    expect(readFileSync(join(parent, 'out/a.txt'), 'utf8')).toBe(readFileSync(join(parent, 'out/b.txt'), 'utf8'))
  })

  it('clean up only what a killed run left: a live run keeps its temp folder, a dead one loses it', async () => {
    const cwd = exampleFolder()
    mkdirSync(join(cwd, 'dist'))
    // A live process's name (this test's own pid) and a pid that cannot be running.
    mkdirSync(join(cwd, `dist/.5mw.mwpack-tmp-${process.pid}-0000beef`))
    mkdirSync(join(cwd, 'dist/.5mw.mwpack-tmp-4194305-0000dead'))
    expect(mwpack(['build', '5mw.memo.md', '--out', 'dist/5mw'], { cwd }).code).toBe(0)
    expect(readdirSync(join(cwd, 'dist')).sort()).toEqual([`.5mw.mwpack-tmp-${process.pid}-0000beef`, '5mw'])
  })
})

describe('package beside a concurrent build', () => {
  it('either writes its archive or fails with a clear message, never exit 3', async () => {
    const cwd = exampleFolder()
    expect(mwpack(['build', '5mw.memo.md', '--out', 'dist/5mw'], { cwd }).code).toBe(0)
    const results = await Promise.all([
      ...Array.from({ length: 3 }, (_, i) => start(['build', '5mw.memo.md', '--out', 'dist/5mw', '--source-date-epoch', String(i)], cwd)),
      ...Array.from({ length: 3 }, () => start(['package', 'dist/5mw', '--format', 'tar.gz'], cwd)),
    ])
    for (const result of results) {
      expect([0, 2], result.stderr).toContain(result.code)
      if (result.code === 2) expect(result.stderr).toMatch(/\[MWP_OUT_UNWRITABLE\]|\[MWP_FILE_NOT_FOUND\]|\[MWP_ENTRY_HASH_MISMATCH\]/)
    }
    expect(readdirSync(join(cwd, 'dist'))).toEqual(['5mw'])
    expect(mwpack(['verify', 'dist/5mw'], { cwd }).code).toBe(0)
  })
})
