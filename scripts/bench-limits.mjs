// Benchmark: the slowest inputs mwpack accepts, each at its limit, run as users run the CLI.
//
// `npm run bench:limits` builds memos of 128 KiB in the Markdown shapes that
// parse slowest, sizes the largest configs the JSON limits let through,
// verifies a bundle whose memo.md is at its limit and a folder holding a
// 3 GB (sparse) file, and sweeps 20,000 caps. Each is the best of three
// spawned runs, printed beside a bare `node -e 0` (README, "Input limits").
import { spawnSync } from 'node:child_process'
import { closeSync, cpSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FILE_LIMITS } from '../dist/input-limits.js'
import { buildManifest, toStableJson, zipBundle } from '../dist/index.js'

const CLI = new URL('../dist/mwpack.cjs', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'mwpack-bench-limits-'))
const example = JSON.parse(readFileSync('playground/5mw.cluster.json', 'utf8'))
cpSync('playground/5mw.cluster.json', join(dir, 'cluster.json'))

const fill = (bytes, unit) => `# Memo\n\n${unit.repeat(Math.floor((bytes - 9) / unit.length))}`
const shapes = {
  prose: 'A line of prose about power and fabric.\n\n',
  emphasis: '*a* _b_ **c** ',
  'nested emphasis': '*a _b ',
  lists: '- a\n  ',
  'nested quotes': '> ',
  'inline HTML': '<a ',
  links: '[a](b) ',
  'hard breaks': 'x  \n',
  headings: '## x ##\n',
}
const runs = []
for (const [name, unit] of Object.entries(shapes)) {
  const file = `memo-${name.replace(/ /g, '-')}.md`
  writeFileSync(join(dir, file), fill(FILE_LIMITS.memoBytes, unit))
  runs.push([`build: 128 KiB memo of ${name}`, ['build', file, '--config', 'cluster.json', '--out', `out-${file}`]])
}

const curve = (points) => ({
  ...example,
  power_capping: {
    curve: Array.from({ length: points }, (_, i) => {
      const f = Number((0.3 + (0.7 * i) / (points - 1)).toFixed(6))
      return i === points - 1 ? [1, 1] : [f, Number(Math.sqrt(f).toFixed(6))]
    }),
  },
})
writeFileSync(join(dir, 'curve-1000.cluster.json'), JSON.stringify(curve(1000), null, 2))
writeFileSync(join(dir, 'tables.md'), `# Tables\n\n${'{{ table capping }}\n\n'.repeat(2)}`)
runs.push([
  'build: memo citing 2 capping tables (1,000-point curve), about 96 KiB resolved',
  ['build', 'tables.md', '--config', 'curve-1000.cluster.json', '--out', 'out-tables'],
])
runs.push(['size: config with a 1,000-point curve', ['size', 'curve-1000.cluster.json']])
writeFileSync(join(dir, 'curve-10000.cluster.json'), JSON.stringify(curve(10_000)))
runs.push(['size: config with a 10,000-point curve (schema refuses)', ['size', 'curve-10000.cluster.json']])
const duplicates = Array.from({ length: 49 }, () => `{${Array.from({ length: 1000 }, () => '"a":1').join(',')}}`).join(',')
writeFileSync(join(dir, 'duplicates.cluster.json'), `${JSON.stringify(example).slice(0, -1)},"x":[${duplicates}]}`)
runs.push(['size: config of 49,000 duplicate unknown keys (48,954 errors)', ['size', 'duplicates.cluster.json']])
const noCapping = { ...example }
delete noCapping.power_capping
writeFileSync(join(dir, 'nocap.cluster.json'), JSON.stringify(noCapping))
runs.push(['size --sweep-cap: 20,000 caps', ['size', 'nocap.cluster.json', '--sweep-cap', '0.005..100', '--step', '0.005', '--csv']])

// A bundle whose memo.md is at its limit, in the shape that normalizes slowest: verify re-normalizes it.
const memo = Buffer.from(fill(FILE_LIMITS.memoBytes, shapes.emphasis))
const manifest = buildManifest({ name: 'big', sourceDateEpoch: 0, memo: { fileName: 'big.md', text: '' }, files: new Map([['memo.md', memo]]) })
const entries = [
  { path: 'memo.md', bytes: memo },
  { path: 'MANIFEST.json', bytes: Buffer.from(toStableJson(manifest)) },
]
writeFileSync(join(dir, 'bundle.zip'), await zipBundle(entries, 0))
runs.push(['verify: bundle.zip with a 128 KiB memo.md of emphasis to normalize', ['verify', 'bundle.zip']])
spawnSync(process.execPath, [CLI, 'build', 'memo-prose.md', '--config', 'cluster.json', '--out', 'sparse'], { cwd: dir })
rmSync(join(dir, 'sparse/memo.md'))
const fd = openSync(join(dir, 'sparse/memo.md'), 'w')
ftruncateSync(fd, 3 * 1024 ** 3)
closeSync(fd)
runs.push(['verify: folder holding a 3 GB (sparse) memo.md', ['verify', 'sparse']])

function best(args, times = 3) {
  let ms = Infinity
  let status
  for (let i = 0; i < times; i++) {
    const started = performance.now()
    status = spawnSync(process.execPath, args, { cwd: dir, stdio: 'ignore' }).status
    ms = Math.min(ms, performance.now() - started)
  }
  return { ms, status }
}

const baseline = best(['-e', '0'], 5).ms
console.log(`node -e 0: ${baseline.toFixed(0)} ms`)
let slowest = 0
for (const [name, args] of runs) {
  const { ms, status } = best([CLI, ...args])
  slowest = Math.max(slowest, ms)
  console.log(`${name.padEnd(78)} exit ${status}  ${ms.toFixed(0).padStart(5)} ms  ${(ms / baseline).toFixed(1).padStart(5)}x node -e 0`)
}
console.log(`slowest: ${slowest.toFixed(0)} ms`)
rmSync(dir, { recursive: true, force: true })
