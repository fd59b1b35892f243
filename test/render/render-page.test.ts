import { describe, expect, it } from 'vitest'
import { artifactEntries, prepareMemo, renderMemoPage, type Manifest } from '../../src/index.js'
import { readFileSync } from 'node:fs'
import { ROOT } from '../helpers/cli.js'

function page(memo: string, withConfig = true): string {
  const prepared = prepareMemo({
    memo: { file: 'x.memo.md', bytes: Buffer.from(memo) },
    config: withConfig ? { file: 'x.cluster.json', bytes: readFileSync(`${ROOT}/playground/5mw.cluster.json`) } : undefined,
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

describe('the rendered page', () => {
  it('is one self-contained document: inline style, no script, nothing from the network', () => {
    const html = page('# Memo\n\nText {{ nodes }}.\n')
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/)
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`)
    expect(html).not.toMatch(/<script|<link |src="http|@import/)
    expect(html).toContain('<title>Memo</title>')
  })

  it('puts the sizing table and the power chart after the title', () => {
    const html = page('# Memo\n\nBody.\n')
    const title = html.indexOf('</h1>')
    expect(html.indexOf('<section class="sizing"')).toBeGreaterThan(title)
    expect(html).toContain('<th scope="row">Nodes</th><td>451</td>')
    expect(html.match(/<rect /g)).toHaveLength(10)
    expect(html).toContain('<title id="power-chart-title">Where the 5.000 MW IT cap goes</title>')
  })

  it('has no panel without a report', () => {
    expect(page('# Notes\n\nNo numbers.\n', false)).not.toContain('class="sizing"')
  })

  it('escapes raw HTML and refuses script URLs, so a memo cannot inject script', () => {
    const html = page('# M\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))\n')
    expect(html).not.toMatch(/<script>|<img |href="javascript/)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('labels blocks with the line the author wrote, through the source map', () => {
    const html = page('# M\n\n{{ table sizing }}\n\nAfter the table.\n')
    expect(html).toContain('<table data-source-line="3">')
    expect(html).toContain('<p data-source-line="5">After the table.</p>')
  })

  it('is the same bytes every time', () => {
    const memo = readFileSync(`${ROOT}/playground/5mw.memo.md`, 'utf8')
    expect(page(memo)).toBe(page(memo))
  })
})
