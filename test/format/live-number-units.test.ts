import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic, resolveReferences, type ClusterConfig, type ClusterReport } from '../../src/index.js'
import { ROOT } from '../helpers/cli.js'
import { inProcess } from '../helpers/in-process.js'
import { loadConfig, solve } from '../helpers/configs.js'

const playground = loadConfig('fixtures/memos/v1-5mw/5mw.cluster.json')
const report = solve(playground)

function resolve(markdown: string, from: ClusterReport = report) {
  return resolveReferences(markdown, 'memo.md', from)
}

function text(markdown: string, from: ClusterReport = report): string {
  const r = resolve(markdown, from)
  expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([])
  return r.markdown
}

describe('a unit format applies only to keys of its unit', () => {
  it.each([
    ['{{ gpus | kw }}', 'format "kw" is for power, and gpus is a count', 'formats that fit a count: num, int, fixed:N, raw'],
    ['{{ nodes | pct }}', 'format "pct" is for fractions, and nodes is a count', 'formats that fit a count: num, int, fixed:N, raw'],
    ['{{ limited_by | mw }}', 'format "mw" is for power, and limited_by is text', 'formats that fit text: raw'],
    [
      '{{ oversubscription_ratio | w }}',
      'format "w" is for power, and oversubscription_ratio is a ratio',
      'formats that fit a ratio: ratio, num, int, fixed:N, raw',
    ],
  ])('refuses %s with its line and column and the formats that fit', (reference, message, hint) => {
    const r = resolve(`# Memo\n\nThe cluster: ${reference}.\n`)
    expect(r.diagnostics).toHaveLength(1)
    expect(r.diagnostics[0]).toMatchObject({ code: 'MWP_MEMO_REFERENCE', position: { line: 3, column: 14 }, message: `${reference}: ${message}`, hint })
  })

  it('converts between power units: an IT cap in MW reads 5,000 kW, not 0.0 kW', () => {
    expect(text('{{ inputs.it_cap_mw | kw }}, {{ inputs.it_cap_mw | w }}, {{ p_switching_w | kw }}, {{ p_total_w | mw }}\n')).toBe(
      '5,000 kW, 5,000,000 W, 233.1 kW, 4.999 MW\n',
    )
  })
})

describe('one figure reads the same everywhere', () => {
  // At 4.05 MW the best per-GPU limit is 529.084 W: to a tenth, 529.1 rounded and 529.0 rounded down.
  const config: ClusterConfig = { ...playground, it_cap_mw: 4.05 } as ClusterConfig
  const at = solve(config)

  it('is exact in the report and rounded down wherever it is shown, as a limit must be', () => {
    expect(at.power_capping!.gpu_power_w).toBe(529.084)
  })

  it('shows the per-GPU limit as 529 W in prose, the capping table, mwpack size and the sweep', async () => {
    expect(text('{{ power_capping.gpu_power_w | w }}\n', at)).toBe('529 W\n')
    expect(text('{{ table capping }}\n', at)).toContain('(529 W) |')
    const dir = mkdtempSync(join(tmpdir(), 'mwpack-units-'))
    const file = join(dir, 'cluster.json')
    writeFileSync(
      file,
      JSON.stringify({ ...JSON.parse(readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`, 'utf8')), $schema: undefined, it_cap_mw: 4.05 }),
    )
    const size = await inProcess(['size', file])
    expect(size.stdout).toMatch(/GPU power limit\s+529 W per GPU/)
    const sweep = await inProcess(['size', file, '--sweep-cap', '4.05..4.05', '--step', '1'])
    const [head, row] = sweep.stdout.trimEnd().split('\n').slice(-2)
    const column = head!
      .trim()
      .split(/\s{2,}/)
      .indexOf('GPU W')
    expect(row!.trim().split(/\s+/)[column]).toBe('529')
  })
})

describe('a reference to what does not exist at zero nodes', () => {
  const empty = solve({ ...playground, it_cap_mw: 0.005 } as ClusterConfig)

  it('says that no node fits, and why', () => {
    const r = resolve('Gain: {{ derived.capping_gain | pct }}.\n', empty)
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([
      'memo.md:1:7: error: {{ derived.capping_gain | pct }}: no node fits under the cap (nodes = 0, limited by power), so there is no capping gain to state; raise the cap, or guard the sentence for a cluster of zero nodes [MWP_MEMO_REFERENCE]',
    ])
  })

  it('says so for every figure that needs a node, and still states the ones that do not', () => {
    const r = resolve(
      '{{ derived.power_per_gpu_w | w }} {{ derived.fabric_share | pct }} {{ power_capping.break_even_throughput }} {{ oversubscription_ratio | ratio }}\n',
      empty,
    )
    expect(r.diagnostics.map((d) => d.message.split(': ')[1]!.slice(0, 17))).toEqual([
      'no node fits unde',
      'no node fits unde',
      'no node fits unde',
      'no node fits unde',
    ])
    expect(text('{{ nodes }} nodes, {{ p_node_w | w }} each, {{ it_cap_w | kw }}\n', empty)).toBe('0 nodes, 10,200 W each, 5 kW\n')
  })

  it('says which block a key needs when the config has none', () => {
    const r = resolve('{{ grid_w | mw }} {{ racks }} {{ nodes_at_nameplate }}\n')
    expect(r.diagnostics.map((d) => d.hint)).toEqual([
      'add a facility block (grid_mw, peak_pue) to the cluster config',
      'add a rack block to the cluster config',
      'add node.provisioned_w (a measured peak) to the cluster config',
    ])
  })
})
