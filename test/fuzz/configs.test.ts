import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/cli.js'
import { mwpackInProcess } from '../helpers/in-process.js'
import { snapshotTree, tempDir } from '../helpers/tree.js'
import { BUDGET_RATIO, SlowestCases, baselineCpuMs, expectHandled, fuzzOptions, fuzzRuns, fuzzTimeoutMs } from './fuzz-setup.js'

const example = JSON.parse(readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`, 'utf8')) as Record<string, unknown>

/** JSON text for one value, hostile tokens included: numbers past every bound, lone surrogates, deep and wide containers. */
const valueText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('1e300', '1e308', '1e999', '-1e300', '-0', '0', '0.0', '8.0', '1e-400', '4294967296', '9007199254740993', '-1', '0.5', '700', '1', '64'),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
    fc.integer({ min: -1_000_000, max: 100_000_000 }).map(String),
    fc.string({ maxLength: 40 }).map((s) => JSON.stringify(s)),
    fc.constantFrom('"\\ud800"', '"a\\udfffb"', '"\\ud83d\\ude00"', '"\\u0000"', '"\u202e"', '"\\"\\\\"'),
    fc.constantFrom('true', 'false', 'null', '[]', '{}', `"${'x'.repeat(300)}"`),
    fc.array(tie('value'), { maxLength: 5 }).map((items) => `[${items.join(',')}]`),
    fc
      .array(fc.tuple(fc.string({ maxLength: 12 }), tie('value')), { maxLength: 5 })
      .map((members) => `{${members.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  ),
})).value

/** Every path in the example config, containers included. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [prefix]
  const children = Array.isArray(value)
    ? value.map((v, i) => paths(v, [...prefix, String(i)]))
    : Object.entries(value).map(([k, v]) => paths(v, [...prefix, k]))
  return [prefix, ...children.flat()]
}
const examplePaths = paths(example).filter((p) => p.length > 0)

/** A placeholder string a raw token replaces after JSON.stringify. */
const RAW = (i: number) => `@@raw${i}@@`

/** One edit to the example, as the text a user (or an attacker) could write. */
const configText: fc.Arbitrary<string> = fc.oneof(
  // Replace, delete or add a value anywhere, a few times over.
  fc
    .array(fc.tuple(fc.constantFrom('replace', 'delete', 'add'), fc.constantFrom(...examplePaths), fc.string({ maxLength: 10 }), valueText), {
      minLength: 1,
      maxLength: 4,
    })
    .map((edits) => {
      const config = structuredClone(example) as Record<string, unknown>
      const raw: string[] = []
      for (const [op, path, key, text] of edits) {
        let parent: any = config
        for (const part of path.slice(0, -1)) parent = parent?.[part]
        if (typeof parent !== 'object' || parent === null) continue
        const last = path[path.length - 1]!
        if (op === 'delete') delete parent[last]
        else {
          raw.push(text)
          parent[op === 'add' && !Array.isArray(parent) ? key : last] = RAW(raw.length - 1)
        }
      }
      return raw.reduce((out, text, i) => out.replace(JSON.stringify(RAW(i)), text), JSON.stringify(config, null, 2))
    }),
  // A power-capping curve of any shape.
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.double({ min: -1, max: 2, noNaN: true }), fc.constantFrom(0, 1, 0.5)),
        fc.oneof(fc.double({ min: -1, max: 2, noNaN: true }), fc.constantFrom(0, 1)),
      ),
      { maxLength: 40 },
    )
    .map((curve) => JSON.stringify({ ...example, power_capping: { curve } })),
  // The same key written twice, as JSON.parse would silently accept.
  fc.constantFrom(...Object.keys(example)).map((key) => JSON.stringify(example).replace('{', `{${JSON.stringify(key)}: 1,`)),
  // Any JSON at all, and text that is not JSON.
  valueText,
  fc.string({ maxLength: 200 }),
)

describe('fuzzing cluster.json', () => {
  let baseline = 0
  const slowest = new SlowestCases()
  beforeAll(async () => {
    baseline = await baselineCpuMs()
  })

  const runs = fuzzRuns(120)
  it(
    `never exits 3, answers with positions, writes nothing and stays within ${BUDGET_RATIO}x a build (${runs} configs)`,
    async () => {
      const cwd = tempDir()
      writeFileSync(
        join(cwd, 'm.md'),
        '# Memo\n\n{{ nodes }} nodes, {{ p_total_w | mw }}, {{ inputs.node.name }}.\n\n{{ table sizing }}\n\n{{ table capping }}\n',
      )
      await fc.assert(
        fc.asyncProperty(configText, fc.boolean(), async (text, sweep) => {
          writeFileSync(join(cwd, 'c.cluster.json'), text)
          const before = snapshotTree(cwd)
          for (const argv of [
            ['size', 'c.cluster.json', '--json', ...(sweep ? ['--sweep-cap', '1..9', '--step', '0.5'] : [])],
            ['validate', 'm.md', '--config', 'c.cluster.json', '--json'],
          ]) {
            const run = await mwpackInProcess(argv, cwd)
            const label = `${argv.join(' ')} on ${JSON.stringify(text.slice(0, 300))}`
            expectHandled(run, label)
            slowest.add(run, `${argv[0]}, ${text.length} bytes`)
            expect(run.cpuMs / baseline, label).toBeLessThan(BUDGET_RATIO)
            const document = JSON.parse(run.stdout) as { diagnostics?: { code: string; file?: string; position?: unknown; severity: string }[] }
            for (const d of document.diagnostics ?? []) {
              // A problem in the config is one the user can jump to.
              if (d.file === 'c.cluster.json' && /^MWP_(JSON|CONFIG)_/.test(d.code)) expect(d.position, `${label}: ${JSON.stringify(d)}`).toBeDefined()
            }
          }
          expect(snapshotTree(cwd)).toEqual(before)
        }),
        fuzzOptions(runs),
      )
      console.info(`config fuzz: ${runs} cases x 2 commands, baseline build ${baseline.toFixed(0)} ms CPU, slowest ${slowest.summary()}`)
    },
    fuzzTimeoutMs(runs),
  )
})
