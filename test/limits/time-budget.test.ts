import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FILE_LIMITS } from '../../src/input-limits.js'
import { buildManifest, toStableJson, zipBundle } from '../../src/index.js'
import { CLI, ROOT } from '../helpers/cli.js'
import { configWithCurve, memoOfSize } from '../helpers/limits.js'
import { tempDir } from '../helpers/tree.js'

/** Best of `times` spawned runs, in milliseconds, with the exit code of the last. */
function best(args: string[], cwd: string, times: number): { ms: number; status: number | null } {
  let ms = Infinity
  let status: number | null = null
  for (let i = 0; i < times; i++) {
    const started = performance.now()
    status = spawnSync(process.execPath, args, { cwd, stdio: 'ignore' }).status
    ms = Math.min(ms, performance.now() - started)
  }
  return { ms, status }
}

/**
 * The slowest memo, config or bundle within the limits should take well
 * under two seconds; `npm run bench:limits` measures it. This test keeps
 * that from eroding without timing anything in absolute terms: the slowest
 * inputs at their limits, run as users run the CLI, must stay within a
 * multiple of a bare `node -e 0` started the same way, in the same run, so a
 * loaded machine slows both. About 40 ms for `node -e 0` on an idle machine
 * puts the bound near 2 s; the slowest case, a memo.md verify must
 * normalize, measures 20 to 30 times on a loaded two-core machine. Each case
 * must also end as expected, so what is timed is the work, not a refusal.
 */
const BOUND = 50

describe('the slowest inputs within the limits stay within the time budget', () => {
  const dir = tempDir()
  writeFileSync(join(dir, 'cluster.json'), readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`))
  // Memos that normalization has to edit (a trailing space) take its slow path: the worst case.
  writeFileSync(join(dir, 'emphasis.md'), memoOfSize(FILE_LIMITS.memoBytes, '*a* _b_ **c** ', { needsNormalizing: true }))
  writeFileSync(join(dir, 'curve.cluster.json'), configWithCurve(1000))
  writeFileSync(join(dir, 'tables.md'), `# Tables\n\n${'{{ table capping }}\n\n'.repeat(2)}`)
  const example = JSON.parse(readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`, 'utf8'))
  const duplicates = Array.from({ length: 49 }, () => `{${Array.from({ length: 1000 }, () => '"a":1').join(',')}}`).join(',')
  writeFileSync(join(dir, 'duplicates.cluster.json'), `${JSON.stringify(example).slice(0, -1)},"x":[${duplicates}]}`)

  it(`each runs within ${BOUND} times a bare node start`, async () => {
    const memo = Buffer.from(memoOfSize(FILE_LIMITS.memoBytes, '*a* _b_ **c** ', { needsNormalizing: true }))
    const manifest = buildManifest({ name: 'big', sourceDateEpoch: 0, memo: { fileName: 'big.md', text: '' }, files: new Map([['memo.md', memo]]) })
    const entries = [
      { path: 'memo.md', bytes: memo },
      { path: 'MANIFEST.json', bytes: Buffer.from(toStableJson(manifest)) },
    ]
    writeFileSync(join(dir, 'bundle.zip'), await zipBundle(entries, 0))

    const cases: Record<string, [args: string[], exitCode: number]> = {
      'build a 128 KiB memo of emphasis': [['build', 'emphasis.md', '--config', 'cluster.json', '--out', 'out-emphasis'], 0],
      'build a memo citing two 1,000-row tables': [['build', 'tables.md', '--config', 'curve.cluster.json', '--out', 'out-tables'], 0],
      'size a config of 49,000 duplicate keys': [['size', 'duplicates.cluster.json'], 2],
      // Not in normal form (the trailing space), so verify says so: after normalizing all of it.
      'verify a bundle whose memo.md is 128 KiB of emphasis to normalize': [['verify', 'bundle.zip'], 2],
    }
    const baseline = best(['-e', '0'], dir, 5).ms
    const ratios: Record<string, number> = {}
    for (const [name, [args, exitCode]] of Object.entries(cases)) {
      const run = best([CLI, ...args], dir, 2)
      expect(run.status, name).toBe(exitCode)
      ratios[name] = Number((run.ms / baseline).toFixed(1))
    }
    console.info(`time budget: ${JSON.stringify(ratios)} times node -e 0 (${baseline.toFixed(0)} ms)`)
    for (const [name, ratio] of Object.entries(ratios)) expect(ratio, `${name}: ${JSON.stringify(ratios)}`).toBeLessThan(BOUND)
  })
})
