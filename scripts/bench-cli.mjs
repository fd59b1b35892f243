// Benchmark: `mwpack build` on the example against a bare `node -e 0`.
//
// Not a test: both are spawned from this process, alternating so machine noise
// hits both alike, and the medians and their ratio are printed.
//
//   npm run bench            (goal: ratio <= 2.0)
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const runs = Number(process.env.BENCH_RUNS ?? 60)
const cli = resolve('dist/mwpack.js')
const memo = resolve('playground/5mw.memo.md')
const out = mkdtempSync(join(tmpdir(), 'mwpack-bench-'))

function time(args) {
  const start = process.hrtime.bigint()
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`)
  return ms
}

const baseline = []
const build = []
for (let i = 0; i < runs + 3; i++) {
  const b = time(['-e', '0'])
  const m = time([cli, 'build', memo, '--out', join(out, '5mw')])
  if (i >= 3) {
    baseline.push(b)
    build.push(m)
  }
}
rmSync(out, { recursive: true, force: true })

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fastest = (xs) => Math.min(...xs)
const b = median(baseline)
const m = median(build)
console.log(`node -e 0            median ${b.toFixed(1)} ms, fastest ${fastest(baseline).toFixed(1)} ms over ${runs} runs`)
console.log(`mwpack build example median ${m.toFixed(1)} ms, fastest ${fastest(build).toFixed(1)} ms over ${runs} runs`)
// The fastest runs are the least disturbed by the machine; the medians are what a user sees.
console.log(`ratio ${(m / b).toFixed(2)}x of medians, ${(fastest(build) / fastest(baseline)).toFixed(2)}x of fastest runs (goal <= 2.00x)`)
