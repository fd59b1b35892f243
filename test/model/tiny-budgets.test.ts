import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'vite'
import { describe, expect, it } from 'vitest'
import type { ClusterReport } from '../../dist/index.js'
import mwpack from '../../dist/vite.js'
import { mwpackInProcess } from '../helpers/in-process.js'
import { siteWithExample } from '../helpers/sites.js'

// A budget below one milliwatt rounds to nothing: it once divided by zero (exit 3 "refusing to
// write non-finite number at key gpus_per_mw", a TypeError in vite build) while validate passed.
// Now such a cap is a range error at its place; the smallest legal budgets give a zero-node report.

const MEMO = `# Tiny budget

{{ nodes }} nodes, {{ gpus_per_mw }} GPUs per MW, {{ usable_cap_w | w }} usable.

{{ table sizing }}

{{ table power }}

{{ table sweep }}
`

type Source = 'it_cap_mw' | 'facility.grid_mw'

/** The command line in this process: the spawned executable is covered by test/cli. */
const cli = (args: readonly string[], cwd: string) => mwpackInProcess(args, cwd)

/** A site whose config sizes from `value` MW, written as given, as the IT cap or the grid connection. */
function siteWith(source: Source, value: string, extra = ''): { root: string; line: number; column: number } {
  const root = siteWithExample()
  const file = join(root, '5mw.cluster.json')
  const replacement = source === 'it_cap_mw' ? `"it_cap_mw": ${value},${extra}` : `"facility": { "grid_mw": ${value}, "peak_pue": 1.25 },${extra}`
  const text = readFileSync(file, 'utf8').replace('"it_cap_mw": 5,', replacement)
  writeFileSync(file, text)
  writeFileSync(join(root, '5mw.memo.md'), MEMO)
  const line = text.split('\n').findIndex((l) => l.includes(replacement)) + 1
  const column = text.split('\n')[line - 1]!.indexOf(`${value},`) + 1
  return { root, line, column }
}

async function viteBuild(root: string): Promise<ClusterReport> {
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    // Not strict, as the command line's build here: under CI the plugin defaults to strict, where a warning fails.
    plugins: [mwpack({ strict: false })],
    build: { outDir: join(root, 'out'), emptyOutDir: true, lib: { entry: join(root, 'entry.js'), formats: ['es'], fileName: () => 'entry.mjs' } },
  })
  return (await import(pathToFileURL(join(root, 'out/entry.mjs')).href)).report
}

describe.each<Source>(['it_cap_mw', 'facility.grid_mw'])('a %s below one milliwatt', (source) => {
  it.each(['1e-10', '1e-300', '5e-324', '0.0000000005', '9.99e-10'])(
    'is a range error at its line and column for %s in validate, build, size, size --nodes and size --sweep-cap',
    async (value) => {
      const { root, line, column } = siteWith(source, value)
      const expected = `5mw.cluster.json:${line}:${column}: error: ${source}: expected a number >= 0.000000001 (one milliwatt), found ${value}; mwpack sums power in whole milliwatts`
      const runs = [
        ['validate', '5mw.memo.md'],
        ['build', '5mw.memo.md', '--out', 'built'],
        ['size', '5mw.cluster.json'],
        ['size', '5mw.cluster.json', '--json'],
        ['size', '5mw.cluster.json', '--nodes', '1'],
        ['size', '5mw.cluster.json', '--sweep-cap', '1..2', '--step', '1', '--csv'],
      ]
      for (const args of runs) {
        const run = await cli(args, root)
        expect(run.stderr, args.join(' ')).toContain(expected)
        expect(run.stderr, args.join(' ')).toContain('[MWP_CONFIG_RANGE]')
        expect(run.stderr).not.toMatch(/\n\s+at /)
        expect(run.code, args.join(' ')).toBe(2)
        if (args.includes('--json'))
          expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, diagnostics: [{ code: 'MWP_CONFIG_RANGE', position: { line, column } }] })
        else expect(run.stdout).toBe('')
      }
      expect(existsSync(join(root, 'built'))).toBe(false)
    },
  )

  it.each(['1e-300', '5e-324'])('fails vite build with %s at its place, with no stack and no TypeError', async (value) => {
    const { root, line, column } = siteWith(source, value)
    const failure = await viteBuild(root).then(
      () => undefined,
      (e: Error & { errors?: Array<{ loc?: unknown }> }) => e,
    )
    expect(failure).toBeDefined()
    expect(failure!.message).toContain(`error: ${source}: expected a number >= 0.000000001 (one milliwatt), found ${value}`)
    expect(failure!.message).not.toMatch(/TypeError|\n\s+at /)
    // Bundler locations count columns from 0.
    expect(failure!.errors?.[0] ?? failure).toMatchObject({ loc: { file: '5mw.cluster.json', line, column: column - 1 } })
  })
})

describe('the smallest legal budgets', () => {
  const cases: Array<[string, Source, string, string, Partial<ClusterReport>]> = [
    ['an IT cap of one milliwatt', 'it_cap_mw', '0.000000001', '', { it_cap_w: 0.001, usable_cap_w: 0.001, grid_w: null }],
    // 1 mW at a peak PUE of 1.25 is 0.8 mW of IT power, rounded down: no milliwatt at all.
    ['a grid connection of one milliwatt', 'facility.grid_mw', '0.000000001', '', { grid_w: 0.001, it_cap_w: 0, usable_cap_w: 0, gpus_per_grid_mw: 0 }],
    ['a milliwatt cap with the largest margin', 'it_cap_mw', '0.000000001', ' "margin_fraction": 0.5,', { it_cap_w: 0.001, margin_w: 0.001, usable_cap_w: 0 }],
  ]

  it.each(cases)('%s gives a zero-node report through validate, build, size and the sweep', async (_, source, value, extra, expected) => {
    const { root } = siteWith(source, value, extra)
    const validate = await cli(['validate', '5mw.memo.md'], root)
    expect(validate.stderr).toContain('[MWP_NO_FEASIBLE_NODES]')
    expect(validate.code).toBe(0)
    const built = await cli(['build', '5mw.memo.md', '--out', 'built'], root)
    expect(built.code).toBe(0)
    const report = JSON.parse(readFileSync(join(root, 'built/cluster_report.json'), 'utf8')) as ClusterReport
    expect(report).toMatchObject({ ...expected, nodes: 0, gpus: 0, gpus_per_mw: 0, status: 'no_feasible_nonzero', limited_by: 'power', p_total_w: 0 })
    const memo = readFileSync(join(root, 'built/memo.md'), 'utf8')
    expect(memo).toContain('0 nodes, 0 GPUs per MW')
    expect(memo).not.toMatch(/NaN|Infinity|undefined/)
    // A share of a cap that rounds to nothing is not 0 %: it does not exist.
    if (report.it_cap_w === 0) expect(memo).toContain('| Total | 0 W | n/a |')

    const size = await cli(['size', '5mw.cluster.json', '--json'], root)
    expect(size.code).toBe(0)
    expect(JSON.parse(size.stdout)).toEqual(report)
    const sweep = await cli(['size', '5mw.cluster.json', '--sweep-cap', '0.000000001..0.000000003', '--step', '0.000000001', '--json'], root)
    expect(sweep.code).toBe(0)
    const points = JSON.parse(sweep.stdout).points as Array<Record<string, unknown>>
    expect(points.map((p) => [p.nodes, p.gpus_per_mw])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ])
    expect(sweep.stdout).not.toMatch(/NaN|Infinity/)
  })

  it('builds the zero-node report through the plugin as the command line does', async () => {
    const { root } = siteWith('facility.grid_mw', '0.000000001')
    const report = await viteBuild(root)
    expect((await cli(['build', '5mw.memo.md', '--out', 'built'], root)).code).toBe(0)
    expect(report).toEqual(JSON.parse(readFileSync(join(root, 'built/cluster_report.json'), 'utf8')))
    expect(report).toMatchObject({ nodes: 0, it_cap_w: 0, gpus_per_mw: 0, gpus_per_grid_mw: 0 })
  })
})
