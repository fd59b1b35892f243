// Benchmark: normalizing and resolving a large adversarial memo, once at 1x and once at 10x its size.
//
// Not a test (test/memo/linear-time.test.ts asserts the ratio). The memo
// repeats every shape that once made normalization re-parse per rejected
// edit: code spans across lines with trailing spaces, hard breaks, GFM table
// rows ending in spaces, untidy headings, lines of `a `, and live numbers.
// Prints the best of a few runs at each size and the ratio (linear: about 10).
//
//   npm run bench:normalize
//
// With --flagship it times instead the whole cold pipeline (prepareMemo) on
// playground/5mw.memo.md with its config, per memo, and with BENCH_BASELINE
// (the dist/index.js of another build, e.g. of the previous commit) also that
// build, in alternating batches in this one process, printing the median of
// the per-pair ratios:
//
//   npm run build && node scripts/bench-normalize.mjs --flagship
//   BENCH_BASELINE=/path/to/old/dist/index.js node scripts/bench-normalize.mjs --flagship
import { readFileSync } from 'node:fs'
import v8 from 'node:v8'
import vm from 'node:vm'

/** One repeat: about 240 bytes, one live reference. */
const UNIT = [
  'Text `code  ',
  'span` with {{ nodes }} nodes  ',
  'and a hard break.',
  '',
  '| role | name  ',
  '| -- | -- |',
  '| r1 | spine  ',
  '| r2 | leaf  ',
  '',
  '#   Heading   ##  ',
  '',
  'a ',
  'a ',
  '',
  '> quoted `span  ',
  '> across`  ',
  '',
  '',
].join('\n')

/** The adversarial memo of `repeats` units (60 units: about 10 KB; 600 stay within the 128 KiB memo limit). */
export function adversarialMemo(repeats) {
  return `# Adversarial memo\n\n${UNIT.repeat(repeats)}`
}

const direct = process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())

if (direct && process.argv.includes('--flagship')) {
  const { pathToFileURL } = await import('node:url')
  const current = await import('../dist/index.js')
  const baseline = process.env.BENCH_BASELINE ? await import(pathToFileURL(process.env.BENCH_BASELINE).href) : undefined
  const input = {
    memo: { file: 'playground/5mw.memo.md', bytes: readFileSync('playground/5mw.memo.md') },
    config: { file: 'playground/5mw.cluster.json', bytes: readFileSync('playground/5mw.cluster.json') },
    name: '5mw',
  }
  const batch = Number(process.env.BENCH_BATCH ?? 40)
  /** Milliseconds per memo over one batch of cold builds (nothing is cached between calls). */
  const perMemo = (core) => {
    const start = performance.now()
    for (let i = 0; i < batch; i++) if (!core.prepareMemo(input).ok) throw new Error('the flagship memo does not build')
    return (performance.now() - start) / batch
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  for (const core of [current, baseline]) if (core) perMemo(core) // warm up the JIT
  const pairs = Number(process.env.BENCH_RUNS ?? 15)
  const now = []
  const before = []
  for (let i = 0; i < pairs; i++) {
    now.push(perMemo(current))
    if (baseline) before.push(perMemo(baseline))
  }
  console.log(`prepareMemo, flagship memo: ${median(now).toFixed(2)} ms per memo (median of ${pairs} batches of ${batch})`)
  if (baseline) {
    console.log(`baseline: ${median(before).toFixed(2)} ms per memo`)
    console.log(`ratio this / baseline: ${median(now.map((t, i) => t / before[i])).toFixed(2)} (median of per-pair ratios)`)
  }
} else if (direct) {
  const { normalizeMemo, resolveReferences, sizeCluster, validateClusterConfig } = await import('../dist/index.js')
  const file = 'playground/5mw.cluster.json'
  const validated = validateClusterConfig(readFileSync(file, 'utf8'), file)
  if (!validated.ok) throw new Error(`${file} is invalid`)
  const sized = sizeCluster(validated.value.config)
  if (!sized.ok) throw new Error(`${file} does not size`)
  const report = sized.value
  const runs = Number(process.env.BENCH_RUNS ?? 3)
  // A full collection before each run: each starts from the same heap (see test/memo/linear-time.test.ts).
  v8.setFlagsFromString('--expose-gc')
  const collectGarbage = vm.runInNewContext('gc')
  const time = (memo) => {
    let best = { normalize: Infinity, resolve: Infinity }
    for (let i = 0; i < runs; i++) {
      collectGarbage()
      const start = performance.now()
      const normalized = normalizeMemo(memo)
      const middle = performance.now()
      const resolved = resolveReferences(normalized, 'memo.md', report, memo)
      const end = performance.now()
      if (resolved.diagnostics.length > 0) throw new Error(resolved.diagnostics[0].message)
      best = { normalize: Math.min(best.normalize, middle - start), resolve: Math.min(best.resolve, end - middle) }
    }
    return best
  }
  time(adversarialMemo(10)) // warm up the JIT
  const base = Number(process.env.BENCH_REPEATS ?? 60)
  const one = adversarialMemo(base)
  const ten = adversarialMemo(base * 10)
  const a = time(one)
  const b = time(ten)
  const kb = (text) => `${(Buffer.byteLength(text) / 1024).toFixed(0)} KB`
  console.log(`1x  (${kb(one)}): normalize ${a.normalize.toFixed(0)} ms, resolve ${a.resolve.toFixed(0)} ms`)
  console.log(`10x (${kb(ten)}): normalize ${b.normalize.toFixed(0)} ms, resolve ${b.resolve.toFixed(0)} ms`)
  console.log(`ratio 10x / 1x: normalize ${(b.normalize / a.normalize).toFixed(1)}, resolve ${(b.resolve / a.resolve).toFixed(1)} (linear: about 10)`)
}
