import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/cli.js'
import { mwpackInProcess } from '../helpers/in-process.js'
import { snapshotTree, tempDir } from '../helpers/tree.js'
import {
  BUDGET_RATIO,
  SlowestCases,
  baselineCpuMs,
  expectHandled,
  fuzzOptions,
  fuzzRuns,
  fuzzTimeoutMs,
  namesIn,
  snapshotExcept,
  withoutFolder,
} from './fuzz-setup.js'

/** Pieces of Markdown that make parsers and normalizers work: block starts, emphasis, code, HTML, line endings, live numbers. */
const piece = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      '# ',
      '## ',
      'Heading ##',
      '\n',
      '\n\n',
      '\r\n',
      '\r',
      '  \n',
      '\t',
      ' ',
      '> ',
      '- ',
      '* ',
      '1. ',
      '    ',
      '```',
      '~~~',
      '`',
      '---',
      '***',
      '===',
    ),
  },
  {
    weight: 6,
    arbitrary: fc.constantFrom('*', '_', '**', '[', ']', '(', ')', '<', '>', '<div>', '</div>', '<!--', '-->', '&amp;', '&#x1F600;', '\\', '|', ':', '!', '"'),
  },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '{{ nodes }}',
      '{{ gpus | thousands }}',
      '{{ p_total_w | mw }}',
      '{{ inputs.node.name }}',
      '{{ derived.power_per_gpu_w }}',
      '{{ table sizing }}',
      '{{ table power }}',
      '{{ table capping }}',
      '{{ table sweep }}',
      '{{ sweep.3.gpus }}',
      '{{ bogus }}',
      '{{ nodes | nope }}',
      '{{',
      '}}',
      '{{ }}',
    ),
  },
  { weight: 4, arbitrary: fc.string({ maxLength: 12, unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\ufeff', '\u2028', '\ud800', '\uffff', '\u{10ffff}', '\u0085') },
)
const memoText = fc.array(piece, { maxLength: 60 }).map((pieces) => pieces.join(''))

describe('fuzzing memos', () => {
  let baseline = 0
  const slowest = new SlowestCases()
  beforeAll(async () => {
    baseline = await baselineCpuMs()
  })

  const runs = fuzzRuns(60)
  it(
    `build never exits 3, writes only inside --out, refuses an --out it must not replace, leaves nothing beside it, and what it builds verifies (${runs} memos)`,
    async () => {
      // The run's folder sits in a folder of its own, so `--out ..` has something to spare.
      const root = tempDir()
      const cwd = join(root, 'work')
      mkdirSync(join(cwd, 'target'), { recursive: true })
      symlinkSync('target', join(cwd, 'link'))
      writeFileSync(join(cwd, 'memo.cluster.json'), readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`))
      let built = 0
      let refused = 0
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            { weight: 9, arbitrary: memoText.map((text) => Buffer.from(text)) },
            { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)) },
          ),
          fc.oneof(
            fc.constant(undefined),
            fc.constantFrom('../escape', 'a/b', '.', '..', 'ok-name', '.hidden', 'x'.repeat(101), 'nul', 'con.md'),
            fc.string({ maxLength: 8 }),
          ),
          // Mostly a folder of its own; otherwise one mwpack must refuse: the current folder, one above it, a link, the memo.
          fc.oneof(
            { weight: 4, arbitrary: fc.constant('out/memo') },
            { weight: 1, arbitrary: fc.constantFrom('.', './', '..', 'out/..', 'link', 'link/', 'memo.md', 'target/..') },
          ),
          async (memo, name, out) => {
            writeFileSync(join(cwd, 'memo.md'), memo)
            const before = snapshotTree(root)
            const argv = ['build', 'memo.md', '--out', out, ...(name === undefined ? [] : ['--name', name])]
            const run = await mwpackInProcess(argv, cwd)
            const label = `${argv.join(' ')} on ${JSON.stringify(memo.toString('utf8').slice(0, 300))}`
            expectHandled(run, label)
            slowest.add(run, `build, ${memo.length} bytes`)
            expect(run.cpuMs / baseline, label).toBeLessThan(BUDGET_RATIO)
            if (out !== 'out/memo') {
              // Never replaced: exit 2, and not a byte changed anywhere, the folder above included.
              expect(run.code, label).toBe(2)
              expect(snapshotTree(root), label).toEqual(before)
              refused++
              return
            }
            // Nothing outside --out changed, and --out holds the folder alone: no temp or backup folder beside it.
            expect(snapshotExcept(root, 'work/out'), label).toEqual(withoutFolder(before, 'work/out'))
            if (run.code === 0) {
              built++
              expect(namesIn(join(cwd, 'out')), label).toEqual(['memo'])
              // What build writes, verify accepts: the folder and the zip in it.
              const verify = await mwpackInProcess(['verify', 'out/memo'], cwd)
              expect(verify.code, `${label}\n${verify.stderr}`).toBe(0)
            }
          },
        ),
        fuzzOptions(runs),
      )
      console.info(
        `memo fuzz: ${runs} cases, ${built} built and verified, ${refused} refused an --out, baseline build ${baseline.toFixed(0)} ms CPU, slowest ${slowest.summary()}`,
      )
      expect(built).toBeGreaterThan(0)
    },
    fuzzTimeoutMs(runs),
  )
})
