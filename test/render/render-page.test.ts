import { describe, expect, it } from 'vitest'
import { artifactEntries, prepareMemo, renderMemoPage, type Manifest } from '../../src/index.js'
import { readFileSync } from 'node:fs'
import { ROOT } from '../helpers/cli.js'

/** The page for a memo, with the flagship config, another config's text, or (false) none. */
function page(memo: string, config: boolean | string = true): string {
  const bytes = typeof config === 'string' ? Buffer.from(config) : readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`)
  const prepared = prepareMemo({
    memo: { file: 'x.memo.md', bytes: Buffer.from(memo) },
    config: config === false ? undefined : { file: 'x.cluster.json', bytes },
    name: 'x',
  })
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.diagnostics))
  const { manifest } = artifactEntries(prepared.value, 0)
  return renderMemoPage({
    markdown: prepared.value.markdown,
    report: prepared.value.report,
    manifest: manifest as Manifest,
    markdownMap: prepared.value.markdownMap,
  })
}

/** One chart's SVG out of the page, by id. */
function svg(html: string, id: string): string {
  const start = html.indexOf(`<svg class="chart" id="${id}"`)
  expect(start).toBeGreaterThan(-1)
  return html.slice(start, html.indexOf('</svg>', start) + 6)
}

describe('the rendered page', () => {
  it('is one self-contained document: inline style, no script, nothing from the network', () => {
    const html = page('# Memo\n\nText {{ nodes }}.\n')
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/)
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">`,
    )
    expect(html).not.toMatch(/<script|<link |src="http|@import/)
    expect(html).toContain('<title>Memo</title>')
  })

  it('puts the sizing table and the power chart after the title', () => {
    const html = page('# Memo\n\nBody.\n')
    const title = html.indexOf('</h1>')
    expect(html.indexOf('<section class="sizing"')).toBeGreaterThan(title)
    expect(html).toContain('<th scope="row">Nodes</th><td>451</td>')
    const powerChart = html.slice(html.indexOf('<svg class="power-chart"'), html.indexOf('</svg>'))
    expect(powerChart.match(/<rect /g)).toHaveLength(10)
    expect(html).toContain('<title id="power-chart-title">Where the 5 MW IT cap goes</title>')
  })

  it("charts GPUs per MW against the IT cap from zero, with the memo's cap and the step to three tiers marked", () => {
    const chart = svg(page('# Memo\n\nBody.\n'), 'cap-sweep-chart')
    expect(chart).toContain(
      '<title id="cap-sweep-chart-title">GPUs per MW of IT power against the IT cap, 0 to 10 MW, with the tier steps of the fabric</title>',
    )
    expect(chart).toContain('>this memo: 5 MW</text>')
    // Two 64-port tiers reach 256 of these nodes, past 2.5 MW: the sweep marks where the third tier arrives, once, by 3 MW.
    expect(chart.match(/>3 tiers<\/text>/g)).toHaveLength(1)
    const step = Number(chart.match(/<line x1="([\d.]+)"[^>]*stroke="#b03a2e"/)![1])
    const x = (megawatts: number) => 64 + (megawatts / 10) * (640 - 64 - 20)
    expect(step).toBeGreaterThan(x(2.5))
    expect(step).toBeLessThanOrEqual(x(3) + 0.01)
    const paths = [...chart.matchAll(/<path d="([^"]+)"[^>]*><title>([^<]+)<\/title>/g)].map((m) => ({
      label: m[2],
      points: m[1]!.split(/[ML]/).filter(Boolean),
    }))
    expect(paths.map((p) => [p.label, p.points.length])).toEqual([
      ['GPUs per MW', 80],
      ['Nodes alone', 2],
    ])
    // The y axis starts at zero: its lowest tick reads 0 and sits on the x axis.
    expect(chart).toMatch(/<line x1="64" x2="620" y1="274.00" y2="274.00" stroke="#e3e6ea"\/><text x="58" y="274.00" dy="4" text-anchor="end">0<\/text>/)
  })

  it('charts relative throughput against the per-GPU limit from zero, with break-even, the fabric-full points and the optimum', () => {
    const html = page('# Memo\n\nBody.\n')
    const chart = svg(html, 'capping-chart')
    expect(chart).toContain('GPU power limit (W, of 700 W)')
    expect(chart).toContain('>break-even: the uncapped cluster</text>')
    expect(chart).toMatch(/<circle [^>]+\/>\n<text [^>]+>best: 544\.8 W per GPU, 107\.2% of uncapped<\/text>/)
    // Both axes from zero: the first x tick is 0 W, the lowest y tick 0%.
    expect(chart).toMatch(/text-anchor="middle">0<\/text>/)
    expect(chart).toContain('text-anchor="end">0%</text>')
    // Every fabric-full dot and the optimum lie on the line: the chart and the model agree.
    const line = chart.match(/<path d="([^"]+)"/)![1]!
    const dots = [...chart.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="3"/g)].map((m) => `${m[1]} ${m[2]}`)
    // 512 nodes fill four pods; the 513th buys a fifth pod's spines.
    expect(dots.length).toBeGreaterThan(1)
    for (const dot of dots.slice(0, -1)) expect(line).toContain(dot)
    const optimum = chart.match(/<circle cx="([\d.]+)" cy="([\d.]+)" r="4.5"/)!
    expect(line).toContain(`${optimum[1]} ${optimum[2]}`)
    // A jump for every node count from the uncapped 451 to the 602 that fit at 50 %: two vertices each, plus the ends.
    expect(line.split(/[ML]/).filter(Boolean).length).toBeGreaterThan(2 * (602 - 451))
  })

  it('draws no capping chart when not even a capped node fits', () => {
    const config = JSON.parse(readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`, 'utf8'))
    const html = page('# Memo\n\nBody.\n', JSON.stringify({ ...config, it_cap_mw: 0.001 }))
    expect(html).toContain('id="cap-sweep-chart"')
    expect(html).not.toContain('id="capping-chart"')
    expect(html).not.toMatch(/NaN|Infinity/)
  })

  it('draws no capping chart without a power_capping block, and only the GPU line against the cap', () => {
    const config = JSON.parse(readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`, 'utf8'))
    delete config.power_capping
    const html = page('# Memo\n\nBody.\n', JSON.stringify(config))
    expect(html).not.toContain('id="capping-chart"')
    expect(svg(html, 'cap-sweep-chart')).not.toContain('Throughput')
  })

  it('has no panel without a report', () => {
    expect(page('# Notes\n\nNo numbers.\n', false)).not.toContain('class="sizing"')
  })

  it('escapes raw HTML and refuses script URLs, so a memo cannot inject script', () => {
    const html = page('# M\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))\n')
    expect(html).not.toMatch(/<script>|<img |href="javascript/)
    expect(html).toContain('&lt;script>alert(1)&lt;/script>')
  })

  it('labels blocks with the line the author wrote, through the source map', () => {
    const html = page('# M\n\n{{ table sizing }}\n\nAfter the table.\n')
    expect(html).toContain('<table data-source-line="3">')
    expect(html).toContain('<p data-source-line="5">After the table.</p>')
  })

  it('is the same bytes every time', () => {
    const memo = readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.memo.md`, 'utf8')
    expect(page(memo)).toBe(page(memo))
  })
})
