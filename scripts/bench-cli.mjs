// Benchmark: `mwpack build` on the example against a bare `node -e 0`.
//
// Not a test: every run is spawned from this process, the three kinds in turn
// so machine noise hits them alike, and the medians and their ratios are printed.
//
//   npm run bench            (goal: ratio of medians <= 2.0, the code cache warm)
//   BENCH_RUNS=20 npm run bench
//
// The code cache (docs/architecture.md, "Why the CLI is bundled") lives in a
// fresh folder here; the warm-up runs fill it, as a user's first run does.
// The run with the cache off is what a first run costs.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const GOAL = 2.0
const runs = Number(process.env.BENCH_RUNS ?? 60)
const cli = resolve('dist/mwpack.cjs')
const memo = resolve('playground/5mw.memo.md')
const work = mkdtempSync(join(tmpdir(), 'mwpack-bench-'))
const env = { ...process.env, NODE_COMPILE_CACHE: join(work, 'cache') }
delete env.NODE_DISABLE_COMPILE_CACHE

function time(args, extraEnv = {}) {
  const start = process.hrtime.bigint()
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...env, ...extraEnv } })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`)
  return ms
}

const kinds = {
  baseline: { label: 'node -e 0', args: ['-e', '0'], ms: [] },
  warm: { label: 'mwpack build, code cache warm', args: [cli, 'build', memo, '--out', join(work, 'warm')], ms: [] },
  cold: { label: 'mwpack build, code cache off', args: [cli, 'build', memo, '--out', join(work, 'cold')], env: { NODE_DISABLE_COMPILE_CACHE: '1' }, ms: [] },
}
try {
  for (let i = 0; i < runs + 3; i++) {
    for (const kind of Object.values(kinds)) {
      const ms = time(kind.args, kind.env)
      if (i >= 3) kind.ms.push(ms)
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fastest = (xs) => Math.min(...xs)
const base = kinds.baseline.ms
console.log(`Node ${process.version}, ${runs} runs of each, alternating`)
for (const kind of Object.values(kinds)) {
  const ratio =
    kind === kinds.baseline
      ? ''
      : `  ratio ${(median(kind.ms) / median(base)).toFixed(2)}x of medians, ${median(kind.ms.map((ms, i) => ms / base[i])).toFixed(2)}x median of pairs, ${(fastest(kind.ms) / fastest(base)).toFixed(2)}x of fastest`
  console.log(`${kind.label.padEnd(30)} median ${median(kind.ms).toFixed(1).padStart(6)} ms, fastest ${fastest(kind.ms).toFixed(1).padStart(6)} ms${ratio}`)
}
// The fastest runs are the least disturbed by the machine; the medians are what a user sees.
const ratio = median(kinds.warm.ms) / median(base)
console.log(
  `goal: mwpack build <= ${GOAL.toFixed(2)}x of node -e 0 (ratio of medians, code cache warm): ${ratio.toFixed(2)}x, ${ratio <= GOAL ? 'met' : 'NOT met'}`,
)
