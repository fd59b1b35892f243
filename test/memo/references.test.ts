import { readFileSync } from 'node:fs'
import { decode } from '@jridgewell/sourcemap-codec'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic, normalizeMemo, resolveReferences, type ClusterReport } from '../../src/index.js'
import { loadConfig, solve } from '../helpers/configs.js'

const report: ClusterReport = solve(loadConfig('fixtures/memos/v1-5mw/5mw.cluster.json'))
const resolve = (text: string, original?: string) => resolveReferences(text, 'memo.md', report, original)
const text = (markdown: string) => {
  const r = resolve(markdown)
  expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([])
  return r.markdown
}

describe('live numbers in memos', () => {
  it('puts report values in prose with sensible formatting', () => {
    expect(text('We fit {{ nodes }} nodes, {{ gpus }} GPUs, {{gpus_per_mw}} per MW.\n')).toBe('We fit 451 nodes, 3,608 GPUs, 721.6 per MW.\n')
    expect(text('{{ p_total_w | mw }}, {{ p_switching_w | kw }}, {{ p_total_w | w }}, {{ inputs.fabric.optic_w_per_link_end | w }}\n')).toBe(
      '4.999 MW, 233.1 kW, 4,998,844 W, 8.5 W\n',
    )
    expect(text('{{ derived.fabric_share | pct }}, {{ oversubscription_ratio | ratio }}, {{ gpus_per_mw | fixed:3 }}, {{ gpus | int }}\n')).toBe(
      '8%, 0.94:1, 721.600, 3,608\n',
    )
    expect(text('{{ limited_by }} / {{ feasible }} / {{ nodes | raw }}\n')).toBe('power / true / 451\n')
  })

  it('reaches into inputs, power capping and derived figures', () => {
    expect(text('{{ inputs.node.gpu_w | w }}, {{ power_capping.frontier.7.nodes }}, {{ derived.rails_per_node }}\n')).toBe('700 W, 505, 8\n')
  })

  it('never fires inside code spans, code blocks, HTML or link destinations', () => {
    const source = '`{{ nodes }}`\n\n```\n{{ nodes }}\n```\n\n    {{ nodes }}\n\n<div>{{ nodes }}</div>\n\n[a](https://x.test/{{nodes}})\n'
    expect(text(source)).toBe(source)
  })

  it('leaves a backslash-escaped pair literal, and an escaped backslash does not escape', () => {
    expect(text('\\{{ nodes }} and \\\\{{ nodes }}\n')).toBe('\\{{ nodes }} and \\\\451\n')
  })

  it('inserts the sizing, power and capping tables where a directive stands alone', () => {
    const out = text('Before.\n\n{{ table sizing }}\n\n{{ table power }}\n\n{{ table capping }}\n\nAfter.\n')
    expect(out).toContain('| Quantity | Value |\n| --- | ---: |\n| Nodes | 451 |\n| GPUs | 3,608 |\n| GPUs per MW | 721.6 |\n| IT power cap | 5 MW |')
    expect(out).toContain('| Total | 4,998,844 W | 100% |')
    expect(out).toContain('| 80% (560 W) | 505 | 4,040 | 3,858.2 | 89.3% |')
    expect(normalizeMemo(out)).toBe(out)
  })

  it("inserts the sweep table from a quarter of the cap to twice it, the memo's own cap marked", () => {
    const out = text('{{ table sweep }}\n')
    const rows = out.trimEnd().split('\n')
    expect(rows[0]).toBe('| IT power cap | Nodes | GPUs | GPUs per MW | Tiers | Best GPU power | Throughput | Gain |')
    expect(rows.slice(2).map((r) => r.split(' | ')[0])).toEqual([
      '| 1.25 MW',
      '| 2.5 MW',
      '| 3.75 MW',
      '| 5 MW (this memo)',
      '| 6.25 MW',
      '| 7.5 MW',
      '| 8.75 MW',
      '| 10 MW',
    ])
    expect(rows[5]).toBe('| 5 MW (this memo) | 451 | 3,608 | 721.6 | 3 | 77.8% (544.8 W) | 3,867.3 | 7.2% |')
    expect(normalizeMemo(out)).toBe(out)
  })

  it('cites points of the memo sweep by index, the same numbers as its table', () => {
    expect(text('At {{ sweep.7.it_cap_mw }} MW: {{ sweep.7.gpus }} GPUs, {{ sweep.7.power_capping.throughput_gpu_equivalents | int }} capped.\n')).toBe(
      'At 10 MW: 7,224 GPUs, 7,735 capped.\n',
    )
  })

  it('states the capping gain, power cut and added nodes as derived figures', () => {
    expect(
      text(
        '{{ derived.capping_gain | pct }} more work from {{ derived.capping_extra_nodes }} more nodes, {{ derived.capping_power_cut | pct }} less power per GPU.\n',
      ),
    ).toBe('7.2% more work from 61 more nodes, 22.2% less power per GPU.\n')
  })

  it('says a power_capping block is missing when a memo cites the optimum without one', () => {
    const plain = solve(loadConfig('fixtures/reference/h100-5mw-64port.cluster.json'))
    const r = resolveReferences('Gain: {{ derived.capping_gain | pct }}, at {{ power_capping.fraction | pct }}.\n', 'memo.md', plain)
    expect(r.diagnostics.map((d) => d.hint)).toEqual(['add a power_capping block to the cluster config', 'add a power_capping block to the cluster config'])
  })

  it('escapes Markdown in text taken from the config', () => {
    const risky = structuredClone(report)
    risky.inputs.node.name = '*Fast* <b>node</b>'
    expect(resolveReferences('Node: {{ inputs.node.name }}.\n', 'memo.md', risky).markdown).toBe('Node: \\*Fast\\* \\<b\\>node\\</b\\>.\n')
  })

  it('reports unknown keys and formats with their line and column, and did-you-mean hints', () => {
    const r = resolve('# Title\n\nWe fit {{ nodez }} nodes at {{ p_total_w | megawatts }}.\n')
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([
      'memo.md:3:8: error: {{ nodez }}: the report has no "nodez"; did you mean "nodes"? [MWP_MEMO_REFERENCE]',
      'memo.md:3:29: error: {{ p_total_w | megawatts }}: unknown format "megawatts"; formats: num, int, fixed, w, kw, mw, pct, ratio, raw [MWP_MEMO_REFERENCE]',
    ])
  })

  it("takes no name from Object's prototype as a key, a format or a table", () => {
    const r = resolve('A {{ constructor }} B {{ __proto__ }} C {{ isPrototypeOf | pct }} D {{ nodes | toString }}\n\n{{ table valueOf }}\n')
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([
      'memo.md:1:3: error: {{ constructor }}: the report has no "constructor" [MWP_MEMO_REFERENCE]',
      'memo.md:1:23: error: {{ __proto__ }}: the report has no "__proto__" [MWP_MEMO_REFERENCE]',
      'memo.md:1:41: error: {{ isPrototypeOf | pct }}: the report has no "isPrototypeOf" [MWP_MEMO_REFERENCE]',
      'memo.md:1:69: error: {{ nodes | toString }}: unknown format "toString"; formats: num, int, fixed, w, kw, mw, pct, ratio, raw [MWP_MEMO_REFERENCE]',
      'memo.md:3:1: error: {{ table valueOf }}: unknown table "valueOf"; tables: sizing, power, capping, sweep, planes [MWP_MEMO_REFERENCE]',
    ])
  })

  it('places errors in the memo as written, even where normalization moved the text', () => {
    const original = '#    Heading with {{ nodez }}   ##\n'
    const r = resolve(normalizeMemo(original), original)
    expect(r.diagnostics[0]!.position).toEqual({ line: 1, column: 19 })
  })

  it('rejects a table that does not stand alone, a format on text, and a group of values', () => {
    const messages = resolve('See {{ table sizing }} here, {{ limited_by | mw }} and {{ inputs.node }}.\n').diagnostics.map((d) => d.message)
    expect(messages).toEqual([
      '{{ table sizing }}: a table must stand alone in its own paragraph',
      '{{ limited_by | mw }}: format "mw" is for power, and limited_by is text',
      '{{ inputs.node }}: this key holds a group of values, not one value; name a key inside it',
    ])
  })

  it('refuses a value that would change the memo structure', () => {
    const r = resolve('Intro.\n\n{{ nodes }}. nodes fit\n')
    expect(r.diagnostics[0]).toMatchObject({ code: 'MWP_MEMO_REFERENCE', position: { line: 3, column: 1 } })
    expect(r.markdown).toBe('Intro.\n\n{{ nodes }}. nodes fit\n')
  })

  it('says so when a memo with references has no config', () => {
    const r = resolveReferences('Fits {{ nodes }} and {{ gpus }}.\n', 'memo.md', undefined)
    expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([
      'memo.md:1:6: error: the memo uses {{ nodes }} and 1 more reference(s), but it has no cluster config to take numbers from; add NAME.cluster.json or cluster.json beside the memo, or pass --config [MWP_MEMO_NEEDS_CONFIG]',
    ])
  })

  it('maps every line of the resolved memo back to the line the author wrote', () => {
    const source = 'Line one {{ nodes }}.\n\n{{ table power }}\n\nLast {{ gpus }} line.\n'
    const r = resolve(source)
    const lines = decode(JSON.parse(r.map!).mappings)
    const out = r.markdown.split('\n')
    const sourceLineOf = (generated: number) => lines[generated]![0]![2]! + 1
    expect(sourceLineOf(0)).toBe(1)
    expect(sourceLineOf(out.indexOf('| Nodes | 4,600,200 W | 92% |'))).toBe(3)
    expect(sourceLineOf(out.findIndex((l) => l.startsWith('Last')))).toBe(5)
    expect(JSON.parse(r.map!)).toMatchObject({ version: 3, file: 'memo.md', sources: ['memo.md'], sourcesContent: [source] })
  })

  it('leaves a memo without references untouched, with no map', () => {
    const plain = readFileSync(new URL('../../fixtures/memos/kitchen-sink.md', import.meta.url), 'utf8')
    expect(resolve(plain)).toMatchObject({ markdown: plain, map: undefined, resolved: 0, diagnostics: [] })
  })

  it('caps the number of references in one memo with a clear error', () => {
    const r = resolve('{{ nodes }} '.repeat(4001) + '\n')
    expect(r.diagnostics[0]!.message).toBe('the memo has 4001 references; mwpack resolves at most 4000 in one memo')
  })
})
