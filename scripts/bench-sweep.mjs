// Benchmark: a 1,000-cap sweep of the 5 MW example with its 10-point capping curve.
//
// Not a test. In one process it times, alternating, the sweep with the
// power-capping optimizer and the same sweep without it (the v1 sizing alone,
// the baseline), and prints medians, caps per second and the ratio. Then it
// times `mwpack size --sweep-cap` end to end against a bare `node -e 0`.
//
//   npm run bench:sweep      (goal: well under a second for the 1,000 caps)
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { sweepCap, validateClusterConfig } from '../dist/index.js'

const runs = Number(process.env.BENCH_RUNS ?? 15)
const file = 'playground/5mw.cluster.json'
const validated = validateClusterConfig(readFileSync(file, 'utf8'), file)
if (!validated.ok) throw new Error(`${file} is invalid`)
const capped = validated.value.config
const { power_capping, ...uncapped } = capped
const curvePoints = power_capping.curve.length
// 0.005 MW to 5 MW in 0.005 MW steps: the range `--sweep-cap 0.005..5 --step 0.005` gives.
const caps = Array.from({ length: 1000 }, (_, i) => (i + 1) / 200)

function time(config) {
  const start = process.hrtime.bigint()
  const result = sweepCap(config, caps)
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (!result.ok || result.value.length !== caps.length) throw new Error('sweep failed')
  return ms
}

const withCapping = []
const baseline = []
for (let i = 0; i < runs + 2; i++) {
  const b = time(uncapped)
  const c = time(capped)
  if (i >= 2) {
    baseline.push(b)
    withCapping.push(c)
  }
}

function spawnTime(args) {
  const start = process.hrtime.bigint()
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`)
  return Number(process.hrtime.bigint() - start) / 1e6
}
const cliRuns = []
const nodeRuns = []
for (let i = 0; i < 10; i++) {
  nodeRuns.push(spawnTime(['-e', '0']))
  cliRuns.push(spawnTime([resolve('dist/mwpack.cjs'), 'size', file, '--sweep-cap', '0.005..5', '--step', '0.005', '--csv']))
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const c = median(withCapping)
const b = median(baseline)
console.log(`sweep of ${caps.length} caps, ${file} (${curvePoints}-point curve), median of ${runs} runs in this process:`)
console.log(`  with the capping optimizer   ${c.toFixed(1)} ms  (${Math.round((caps.length / c) * 1000).toLocaleString('en-US')} caps/s)`)
console.log(`  v1 sizing alone (baseline)   ${b.toFixed(1)} ms  (${Math.round((caps.length / b) * 1000).toLocaleString('en-US')} caps/s)`)
console.log(`  ratio                        ${(c / b).toFixed(2)}x`)
const cli = median(cliRuns)
const bare = median(nodeRuns)
console.log(`mwpack size --sweep-cap 0.005..5 --step 0.005 --csv, spawned, median of 10:`)
console.log(`  ${cli.toFixed(0)} ms against ${bare.toFixed(0)} ms for node -e 0: ${(cli - bare).toFixed(0)} ms of mwpack, ${(cli / bare).toFixed(2)}x`)
