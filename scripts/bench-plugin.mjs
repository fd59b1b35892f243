// Benchmark: `vite build` of a memo site with mwpack against the emit floor.
//
// Not a test. The emit floor is a plugin that does the least any plugin must do
// for these imports: for each memo it emits the same four precomputed files
// (memo.md, cluster_report.json, MANIFEST.json, bundle.zip, taken from a
// mwpack build) and returns a module exporting the same value, and nothing
// else. Every build runs in a fresh child process of this one, mwpack and the
// floor alternating, and reports its own wall time and peak memory (maxRSS).
// Cold builds start without mwpack's cache; warm builds find the cache a
// previous build wrote (the floor has none: its warm runs are a second sample).
// Ratios are medians of per-pair ratios, so machine noise hits both alike.
//
// The site is built the way docs sites use mwpack: one page per memo
// (pages/mI.js) that imports the memo's report
// (`import report from '../memos/mI.memo.md?report'`) and shows its numbers,
// and an entry (entry.js) that routes to each page with a dynamic import, so
// every page is a chunk of its own, as VitePress and Astro split pages. Every
// memo's artifact folder is in the output (mwpack/mI/ with its four files).
// The memos: the flagship (copies of playground/5mw.memo.md with its config,
// whatever the memo says today) or plain memos (about 35 KB of prose, tables
// and code each, one cluster.json for all). The flagship's configs are
// byte-identical copies, which a build sizes once (configSizings), as it does
// one cluster.json shared by many memos.
//
// Sites: flagship and plain at 200 and 1,000 memos, cold and warm in pairs;
// then 10,000 plain memos once with mwpack and once with the floor, cold, for
// peak memory.
//
//   npm run bench:plugin                   goals: cold <= 1.3x, warm <= 1.1x, 10,000 memos < 1.5 GB
//   BENCH_RUNS=7 npm run bench:plugin      more pairs per figure (default 3)
//   BENCH_SITES=flagship200,plain1000 npm run bench:plugin
//                                          some sites (flagship200, flagship1000, plain200, plain1000, plain10000)
//   BENCH_PLUGIN=path/to/dist/vite.js      another build of the plugin, to compare two versions against the floor
//   BENCH_SITES=pool npm run bench:plugin  (not in the default set) whether a worker pool for the pure pipeline
//                                          would pay here: prepareMemo, the entries and the zip for the flagship
//                                          200 and plain 1,000 memos on the main thread against two worker
//                                          threads (started, warmed and sent the results' bytes back within the
//                                          time, as a build would), alternating pairs
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

const runs = Number(process.env.BENCH_RUNS ?? 3)
const only = process.env.BENCH_SITES?.split(',')
const vite = resolve('node_modules/vite/dist/node/index.js')
const plugin = resolve(process.env.BENCH_PLUGIN ?? 'dist/vite.js')

// ~35 KB of ordinary Markdown without live numbers: headings, prose, lists, a table, code.
function plainMemo(i) {
  const words = ['cluster', 'power', 'cooling', 'rack', 'fabric', 'switch', 'budget', 'node', 'GPU', 'design', 'margin', 'site', 'load']
  const sentence = (k) => Array.from({ length: 14 }, (_, j) => words[(i * 7 + k * 3 + j * 5) % words.length]).join(' ')
  const parts = [`# Plain memo ${i}\n`]
  for (let section = 0; parts.join('\n').length < 35_000; section++) {
    parts.push(`## Section ${section}\n`)
    parts.push(Array.from({ length: 6 }, (_, k) => `${sentence(section + k)}, *with emphasis* and \`code\`.`).join(' ') + '\n')
    parts.push(Array.from({ length: 5 }, (_, k) => `- ${sentence(section * 5 + k)}`).join('\n') + '\n')
    parts.push('| item | value |\n| --- | --- |\n' + Array.from({ length: 4 }, (_, k) => `| ${words[k]} | ${section * 10 + k} |`).join('\n') + '\n')
    parts.push('```text\n' + sentence(section) + '\n```\n')
  }
  return parts.join('\n')
}

/** A site folder: memos, their configs, a page per memo and an entry routing to each (with package.json, so Vite's cache dir is node_modules/.vite). */
function makeSite(kind, n) {
  const dir = mkdtempSync(join(tmpdir(), `mwpack-bench-${kind}-${n}-`))
  mkdirSync(join(dir, 'memos'))
  mkdirSync(join(dir, 'pages'))
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n')
  if (kind === 'flagship') {
    const memo = readFileSync('playground/5mw.memo.md')
    const config = readFileSync('playground/5mw.cluster.json')
    for (let i = 0; i < n; i++) {
      writeFileSync(join(dir, `memos/m${i}.memo.md`), memo)
      writeFileSync(join(dir, `memos/m${i}.cluster.json`), config)
    }
  } else {
    writeFileSync(join(dir, 'memos/cluster.json'), readFileSync('fixtures/reference/h100-5mw-64port.cluster.json'))
    for (let i = 0; i < n; i++) writeFileSync(join(dir, `memos/m${i}.memo.md`), plainMemo(i))
  }
  for (let i = 0; i < n; i++) {
    const page = [
      `import report from '../memos/m${i}.memo.md?report'`,
      `export default { title: 'Design m${i}', summary: \`\${report.nodes} nodes, \${report.gpus} GPUs\`, report }`,
      '',
    ]
    writeFileSync(join(dir, `pages/m${i}.js`), page.join('\n'))
  }
  const routes = Array.from({ length: n }, (_, i) => `  m${i}: () => import('./pages/m${i}.js'),`)
  writeFileSync(join(dir, 'entry.js'), ['export const pages = {', ...routes, '}', ''].join('\n'))
  return dir
}

// The emit floor, run inside the child: the precomputed files of memos/mI.memo.md sit in floor/mI/.
// Its module is the report, the same value as mwpack's `?report`, parsed from JSON text as mwpack's is.
const floorPlugin = `{
  name: 'emit-floor',
  enforce: 'pre',
  resolveId(id, importer) {
    if (id.endsWith('.memo.md?report')) return '\\0floor:' + path.resolve(path.dirname(importer), id.slice(0, -'?report'.length))
  },
  load(id) {
    if (!id.startsWith('\\0floor:')) return
    const name = path.basename(id, '.memo.md')
    const dir = path.join(root, 'floor', name)
    let report
    for (const file of ['memo.md', 'cluster_report.json', 'MANIFEST.json', 'bundle.zip']) {
      const source = fs.readFileSync(path.join(dir, file))
      if (file === 'cluster_report.json') report = source.toString('utf8')
      this.emitFile({ type: 'asset', fileName: 'mwpack/' + name + '/' + file, source })
    }
    return 'export default JSON.parse(' + JSON.stringify(JSON.stringify(JSON.parse(report))) + ')\\n'
  },
}`

/** One `vite build` in a fresh process; it prints its own time and peak memory. */
function buildOnce(dir, variant, { cold }) {
  if (cold) rmSync(join(dir, 'node_modules/.vite'), { recursive: true, force: true })
  const script = `
    import * as fs from 'node:fs'
    import * as path from 'node:path'
    const root = ${JSON.stringify(dir)}
    const { build } = await import(${JSON.stringify(vite)})
    const plugins = ${variant === 'mwpack' ? `[(await import(${JSON.stringify(plugin)})).default()]` : `[${floorPlugin}]`}
    const start = performance.now()
    await build({ root, configFile: false, logLevel: 'silent', plugins,
      build: { outDir: 'out-${variant}', emptyOutDir: true, lib: { entry: 'entry.js', formats: ['es'], fileName: 'out' } } })
    console.log(JSON.stringify({ ms: performance.now() - start, maxRssMb: process.resourceUsage().maxRSS / 1024 }))`
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 64 << 20 })
  if (result.status !== 0) throw new Error(result.stderr)
  return JSON.parse(result.stdout.trim().split('\n').at(-1))
}

/** The floor's files are mwpack's own output, so both builds emit the same bytes. */
function precompute(dir, n) {
  for (let i = 0; i < n; i++) {
    const from = join(dir, 'out-mwpack/mwpack', `m${i}`)
    const to = join(dir, 'floor', `m${i}`)
    mkdirSync(to, { recursive: true })
    for (const file of ['memo.md', 'cluster_report.json', 'MANIFEST.json', 'bundle.zip']) writeFileSync(join(to, file), readFileSync(join(from, file)))
  }
}

/** Both builds' artifact folders hold the same files with the same bytes: the floor emits what mwpack does. */
function checkSameArtifacts(dir, n) {
  for (let i = 0; i < n; i++) {
    for (const file of ['memo.md', 'cluster_report.json', 'MANIFEST.json', 'bundle.zip']) {
      const [a, b] = ['out-mwpack', 'out-floor'].map((out) => readFileSync(join(dir, out, 'mwpack', `m${i}`, file)))
      if (!a.equals(b)) throw new Error(`m${i}/${file} differs between mwpack's build and the floor's`)
    }
  }
}

/** The issue's goals, as ratios to the floor. */
const goal = { cold: 1.3, warm: 1.1 }
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const mb = (x) => `${x.toFixed(0)} MB`

function compare(kind, n) {
  const dir = makeSite(kind, n)
  try {
    buildOnce(dir, 'mwpack', { cold: true }) // the floor's files, and the file system cache warmed
    precompute(dir, n)
    const lines = []
    for (const mode of ['cold', 'warm']) {
      const pairs = []
      if (mode === 'warm') buildOnce(dir, 'mwpack', { cold: false }) // the cache as a previous build leaves it
      for (let i = 0; i < runs; i++) {
        // Alternate which goes first, so neither always runs on a machine the other has just warmed.
        const order = i % 2 === 0 ? ['floor', 'mwpack'] : ['mwpack', 'floor']
        const r = Object.fromEntries(order.map((variant) => [variant, buildOnce(dir, variant, { cold: mode === 'cold' })]))
        pairs.push(r)
      }
      const ratio = median(pairs.map((p) => p.mwpack.ms / p.floor.ms))
      const floorMs = median(pairs.map((p) => p.floor.ms))
      const mwpackMs = median(pairs.map((p) => p.mwpack.ms))
      lines.push(
        `  ${mode}: ratio ${ratio.toFixed(2)}x (goal <= ${goal[mode].toFixed(2)}x, ${ratio <= goal[mode] ? 'met' : 'NOT met'}); floor ${floorMs.toFixed(0)} ms, mwpack ${mwpackMs.toFixed(0)} ms; ` +
          `per memo ${(mwpackMs / n).toFixed(2)} ms, ${((mwpackMs - floorMs) / n).toFixed(2)} ms over the floor; ` +
          `peak memory floor ${mb(median(pairs.map((p) => p.floor.maxRssMb)))}, mwpack ${mb(median(pairs.map((p) => p.mwpack.maxRssMb)))}`,
      )
    }
    checkSameArtifacts(dir, n)
    console.log(`${kind} site, ${n} memos (${runs} pairs each):\n${lines.join('\n')}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** One cold mwpack build of n plain memos, then one of the floor, for peak memory. */
function once(n) {
  const dir = makeSite('plain', n)
  try {
    const cold = buildOnce(dir, 'mwpack', { cold: true })
    precompute(dir, n)
    const floor = buildOnce(dir, 'floor', { cold: true })
    checkSameArtifacts(dir, n)
    console.log(
      `plain site, ${n} memos, once: mwpack cold ${(cold.ms / 1000).toFixed(1)} s (${(cold.ms / n).toFixed(2)} ms per memo), ` +
        `peak memory ${mb(cold.maxRssMb)} (goal < 1536 MB, ${cold.maxRssMb < 1536 ? 'met' : 'NOT met'}); the floor ${(floor.ms / 1000).toFixed(1)} s, peak memory ${mb(floor.maxRssMb)}`,
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The pure pipeline for one memo as the plugin runs it: prepared, its entries made, zipped; the files' bytes. */
const pipelineSource = (dist) => `
  const { prepareMemo } = await import(${JSON.stringify(pathToFileURL(join(dist, 'pipeline/prepare-memo.js')).href)})
  const { artifactEntries } = await import(${JSON.stringify(pathToFileURL(join(dist, 'pipeline/assemble-artifacts.js')).href)})
  const { zipBundle } = await import(${JSON.stringify(pathToFileURL(join(dist, 'archive/zip-bundle.js')).href)})
  const pipeline = async ({ memo, config, name }) => {
    const prepared = prepareMemo({ memo: { file: name + '.memo.md', bytes: memo }, config: { file: 'cluster.json', bytes: config }, name, strict: false })
    if (!prepared.ok) throw new Error(prepared.diagnostics[0].message)
    const { entries } = artifactEntries(prepared.value, 0)
    return [...entries.values(), await zipBundle([...entries].map(([path, bytes]) => ({ path, bytes })), 0)]
  }`

/** Main thread against a pool of two worker threads for the pipeline alone, in alternating pairs. */
async function poolOrNot(kind, n) {
  const dist = resolve('dist')
  const pipeline = await new Function(`return (async () => { ${pipelineSource(dist)}; return pipeline })()`)()
  const config = readFileSync(kind === 'flagship' ? 'playground/5mw.cluster.json' : 'fixtures/reference/h100-5mw-64port.cluster.json')
  const flagship = readFileSync('playground/5mw.memo.md')
  const memos = Array.from({ length: n }, (_, i) => ({ memo: kind === 'flagship' ? flagship : Buffer.from(plainMemo(i)), config, name: `m${i}` }))
  const workerCode = `const { parentPort } = require('node:worker_threads')
    ;(async () => { ${pipelineSource(dist)}
      parentPort.on('message', async (batch) => { const out = []; for (const m of batch) out.push(await pipeline(m)); parentPort.postMessage(out) })
    })()`
  const mainThread = async () => {
    const start = performance.now()
    for (const memo of memos) await pipeline(memo)
    return performance.now() - start
  }
  const pool = async () => {
    const start = performance.now()
    const workers = [0, 1].map(() => new Worker(workerCode, { eval: true }))
    let next = 0
    const drain = async (worker) => {
      while (next < memos.length) {
        const batch = memos.slice(next, (next += 8))
        await new Promise((done) => {
          worker.once('message', done)
          worker.postMessage(batch)
        })
      }
    }
    await Promise.all(workers.map(drain))
    await Promise.all(workers.map((w) => w.terminate()))
    return performance.now() - start
  }
  await mainThread() // the main thread warmed once, as a build's would be by its own work
  const pairs = []
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? [mainThread, pool] : [pool, mainThread]
    const r = {}
    for (const f of order) r[f === pool ? 'pool' : 'main'] = await f()
    pairs.push(r)
  }
  console.log(
    `pipeline alone, ${kind} ${n} memos (${runs} pairs): pool of 2 / main thread ${median(pairs.map((p) => p.pool / p.main)).toFixed(2)}x; ` +
      `main ${median(pairs.map((p) => p.main)).toFixed(0)} ms, pool ${median(pairs.map((p) => p.pool)).toFixed(0)} ms (pays if well under 1)`,
  )
}

if (!existsSync(plugin)) throw new Error('run `npm run build` first (npm run bench:plugin does)')
const SITES = ['flagship200', 'flagship1000', 'plain200', 'plain1000', 'plain10000', 'pool']
const unknown = only?.filter((site) => !SITES.includes(site)) ?? []
if (unknown.length > 0) {
  console.error(`BENCH_SITES: unknown site ${unknown.map((s) => JSON.stringify(s)).join(', ')}; expected a comma-separated list of ${SITES.join(', ')}`)
  process.exit(2)
}
const want = (site) => !only || only.includes(site)
if (want('flagship200')) compare('flagship', 200)
if (want('flagship1000')) compare('flagship', 1000)
if (want('plain200')) compare('plain', 200)
if (want('plain1000')) compare('plain', 1000)
if (want('plain10000')) once(10_000)
if (only?.includes('pool')) {
  await poolOrNot('flagship', 200)
  await poolOrNot('plain', 1000)
}
