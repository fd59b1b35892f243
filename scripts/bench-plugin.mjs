// Benchmark: `vite build` of a site of N memos with mwpack against the same site importing them with ?raw.
//
// Not a test. Both builds run as child processes of this one, alternating,
// and each reports its own wall time and peak memory (maxRSS). Prints the
// medians and the ratio at 200 and 1,000 memos.
//
//   npm run bench:plugin                      (goal: ratio <= 1.10 at 200 memos, linear growth)
//   BENCH_MEMO=simple npm run bench:plugin    (a short memo instead of the flagship)
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const runs = Number(process.env.BENCH_RUNS ?? 3)
const sizes = (process.env.BENCH_SIZES ?? '200,1000').split(',').map(Number)
// The flagship memo by default (68 live numbers, a power-capping study); BENCH_MEMO=simple uses a short one.
const simple = process.env.BENCH_MEMO === 'simple'
const memo = readFileSync(simple ? 'fixtures/memos/simple-5mw.memo.md' : 'playground/5mw.memo.md', 'utf8')
const config = JSON.parse(readFileSync(simple ? 'fixtures/reference/h100-5mw-64port.cluster.json' : 'playground/5mw.cluster.json', 'utf8'))
const vite = resolve('node_modules/vite/dist/node/index.js')
const plugin = resolve('dist/vite.js')

/** A site of n memos, each with its own config (the cap varies, so every report differs). */
function makeSite(n) {
  const dir = mkdtempSync(join(tmpdir(), `mwpack-bench-${n}-`))
  mkdirSync(join(dir, 'memos'))
  for (let i = 0; i < n; i++) {
    writeFileSync(join(dir, `memos/m${i}.memo.md`), `${memo}\n## Variant ${i}\n\nThis variant sizes ${1 + (i % 50)} MW.\n`)
    writeFileSync(join(dir, `memos/m${i}.cluster.json`), JSON.stringify({ ...config, $schema: undefined, it_cap_mw: 1 + (i % 50) }, null, 2))
  }
  const entry = (query) =>
    Array.from({ length: n }, (_, i) => `import m${i} from './memos/m${i}.memo.md${query}'`).join('\n') +
    `\nexport default [${Array.from({ length: n }, (_, i) => `m${i}`).join(', ')}]\n`
  writeFileSync(join(dir, 'with-mwpack.js'), entry(''))
  writeFileSync(join(dir, 'with-raw.js'), entry('?raw'))
  return dir
}

/** One `vite build` in a fresh process; it prints its own time and peak memory. */
function buildOnce(dir, variant) {
  const script = `
    const { build } = await import(${JSON.stringify(vite)})
    const plugins = ${variant === 'mwpack' ? `[(await import(${JSON.stringify(plugin)})).default()]` : '[]'}
    const start = performance.now()
    await build({ root: ${JSON.stringify(dir)}, configFile: false, logLevel: 'silent', plugins,
      build: { outDir: 'out-${variant}', emptyOutDir: true, lib: { entry: 'with-${variant === 'mwpack' ? 'mwpack' : 'raw'}.js', formats: ['es'], fileName: 'out' } } })
    console.log(JSON.stringify({ ms: performance.now() - start, maxRssMb: process.resourceUsage().maxRSS / 1024 }))`
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(result.stderr)
  return JSON.parse(result.stdout.trim().split('\n').at(-1))
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const results = []
for (const n of sizes) {
  const dir = makeSite(n)
  const times = { raw: [], mwpack: [] }
  const memory = { raw: [], mwpack: [] }
  buildOnce(dir, 'raw') // warm the file system cache
  for (let i = 0; i < runs; i++) {
    for (const variant of ['raw', 'mwpack']) {
      const r = buildOnce(dir, variant)
      times[variant].push(r.ms)
      memory[variant].push(r.maxRssMb)
    }
  }
  rmSync(dir, { recursive: true, force: true })
  const raw = median(times.raw)
  const with_ = median(times.mwpack)
  results.push({ n, raw, with: with_ })
  console.log(
    `${String(n).padStart(5)} memos: ?raw ${raw.toFixed(0)} ms, mwpack ${with_.toFixed(0)} ms, ratio ${(with_ / raw).toFixed(2)}x; ` +
      `peak memory ?raw ${median(memory.raw).toFixed(0)} MB, mwpack ${median(memory.mwpack).toFixed(0)} MB`,
  )
}
if (results.length > 1) {
  const [a, b] = [results[0], results.at(-1)]
  const perMemo = (r) => (r.with - r.raw) / r.n
  console.log(`mwpack's own cost per memo: ${perMemo(a).toFixed(2)} ms at ${a.n}, ${perMemo(b).toFixed(2)} ms at ${b.n} (equal means linear)`)
}
