import { readFileSync } from 'node:fs'
import v8 from 'node:v8'
import vm from 'node:vm'
import { describe, expect, it } from 'vitest'
import { normalizeMemo, prepareMemo, resolveReferences } from '../../src/index.js'
// @ts-expect-error: a plain .mjs script
import { adversarialMemo } from '../../scripts/bench-normalize.mjs'
import { ROOT } from '../helpers/cli.js'
import { loadConfig, solve } from '../helpers/configs.js'

const report = solve(loadConfig('fixtures/memos/v1-5mw/5mw.cluster.json'))

// A full collection before each run, so each starts from the same heap: otherwise a small memo
// fits in the young generation and looks faster per byte than the allocator lets a large one be.
v8.setFlagsFromString('--expose-gc')
const collectGarbage = vm.runInNewContext('gc') as () => void

/**
 * CPU time to normalize a memo and resolve its live numbers, the best of
 * `runs`. CPU time, not wall time: other work on a busy machine takes turns
 * with this process but is not counted in it.
 */
function best(memo: string, runs: number): number {
  let fastest = Infinity
  for (let i = 0; i < runs; i++) {
    collectGarbage()
    const start = process.cpuUsage()
    const normalized = normalizeMemo(memo)
    const resolved = resolveReferences(normalized, 'memo.md', report, memo)
    const used = process.cpuUsage(start)
    fastest = Math.min(fastest, used.user + used.system)
    expect(resolved.diagnostics).toEqual([])
  }
  return fastest
}

describe('normalization and live numbers take time linear in the memo', () => {
  it('handles 10x the adversarial memo in well under 20x the time', () => {
    // About 10 KB and 104 KB: 10x stays within the 128 KiB memo limit (README, "Input limits").
    const one = adversarialMemo(60)
    const ten = adversarialMemo(600)
    best(one, 4) // the JIT warms up on the small one
    // Interleaved, each the best of a few: a busy machine slows single runs, not every run.
    let small = Infinity
    let large = Infinity
    for (let round = 0; round < 3; round++) {
      small = Math.min(small, best(one, 2))
      large = Math.min(large, best(ten, 1))
    }
    // Linear is about 10; the re-parse per rejected edit this replaced measured 46 at a tenth of these sizes.
    console.log(`normalize and resolve, CPU time: 1x ${(small / 1000).toFixed(0)} ms, 10x ${(large / 1000).toFixed(0)} ms, ratio ${(large / small).toFixed(1)}`)
    expect(large / small).toBeLessThan(20)
  })

  it('normalizes 200,000 lines of "a " without running out of stack', () => {
    expect(normalizeMemo('a \n'.repeat(200_000))).toBe('a\n'.repeat(200_000))
  })

  it('spreads no array into a call in the memo pipeline (a huge one overflows the stack)', () => {
    const files = [
      'memo/normalize-memo.ts',
      'memo/resolve-references.ts',
      'memo/place-references.ts',
      'memo/find-references.ts',
      'memo/inline-line-ends.ts',
      'memo/line-roles.ts',
      'memo/probe-markers.ts',
      'memo/check-structure.ts',
      'memo/front-matter.ts',
      'memo/tidy-heading.ts',
      'pipeline/prepare-memo.ts',
      'diagnostics/text-position.ts',
    ]
    for (const file of files) {
      const source = readFileSync(`${ROOT}/src/${file}`, 'utf8')
      expect(source, file).not.toMatch(/\b(?:push|unshift|max|min|fromCharCode|fromCodePoint|apply|splice|concat)\(\.\.\./)
    }
  })
})
