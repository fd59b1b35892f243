import { describe, expect, it } from 'vitest'
import { formatDiagnostic, resolveReferences, type ClusterReport } from '../../src/index.js'
import { loadConfig, solve } from '../helpers/configs.js'
import { renderCommonMark, renderGfm } from '../helpers/renderers.js'

const report: ClusterReport = solve(loadConfig('fixtures/memos/v1-5mw/5mw.cluster.json'))
const resolve = (text: string) => resolveReferences(text, 'memo.md', report)
const resolved = (text: string) => {
  const r = resolve(text)
  expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([])
  return r.markdown
}

describe('a table directive inside a container', () => {
  it('comes out inside a blockquote, with "> " on every line', () => {
    const out = resolved('Intro.\n\n> Quoted first.\n>\n> {{ table power }}\n\nAfter.\n')
    const tableLines = out.split('\n').filter((line) => line.includes('|'))
    expect(tableLines.length).toBeGreaterThan(3)
    for (const line of tableLines) expect(line).toMatch(/^> \| /)
    expect(renderGfm(out)).toMatch(/<blockquote>\n<p>Quoted first.<\/p>\n<table>/)
    expect(renderCommonMark(out)).toMatch(/<blockquote>[\s\S]*\| Nodes \|[\s\S]*<\/blockquote>/)
  })

  it('comes out inside a nested list item, indented to its content on every line', () => {
    const out = resolved('- Power:\n\n  - By use:\n\n    {{ table power }}\n\n- Next item.\n')
    const tableLines = out.split('\n').filter((line) => line.includes('|'))
    for (const line of tableLines) expect(line).toMatch(/^ {4}\| /)
    const html = renderGfm(out)
    expect(html).toMatch(/<li>\n<p>By use:<\/p>\n<table>/)
    expect(html.indexOf('<table>')).toBeLessThan(html.indexOf('Next item.'))
  })

  it('comes out inside a list item in a blockquote that it starts', () => {
    const out = resolved('> - {{ table power }}\n')
    const lines = out.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^> - \| /)
    for (const line of lines.slice(1)) expect(line).toMatch(/^> {3}\| /)
    expect(renderGfm(out)).toMatch(/<blockquote>\n<ul>\n<li>\n<table>/)
  })
})

describe('a table directive in other containers', () => {
  it('comes out inside an ordered list item with a wide marker, indented to its content', () => {
    const out = resolved('9. Nine.\n\n10. Power:\n\n    {{ table power }}\n\n11. Eleven.\n')
    for (const line of out.split('\n').filter((l) => l.includes('|'))) expect(line).toMatch(/^ {4}\| /)
    const html = renderGfm(out)
    expect(html).toMatch(/<li>\n<p>Power:<\/p>\n<table>/)
    expect(html.indexOf('</table>')).toBeLessThan(html.indexOf('Eleven.'))
    expect(html.match(/<ol/g)).toHaveLength(1)
  })

  it('comes out inside a blockquote inside a list item', () => {
    const out = resolved('- Quoted:\n\n  > {{ table power }}\n')
    for (const line of out.split('\n').filter((l) => l.includes('|'))) expect(line).toMatch(/^ {2}> \| /)
    expect(renderGfm(out)).toMatch(/<li>\n<p>Quoted:<\/p>\n<blockquote>\n<table>/)
  })

  it('comes out inside a blockquote nested in a blockquote, and the reading after it is unchanged', () => {
    const out = resolved('> > {{ table power }}\n\nAfter.\n')
    for (const line of out.split('\n').filter((l) => l.includes('|'))) expect(line).toMatch(/^> > \| /)
    expect(renderGfm(out)).toMatch(/<blockquote>\n<blockquote>\n<table>[\s\S]*<\/table>\n<\/blockquote>\n<\/blockquote>\n<p>After.<\/p>/)
  })
})

describe('where references sit, in both readings', () => {
  it('errors, rather than guessing, where GFM links a URL that CommonMark leaves as text', () => {
    const r = resolve('See https://x.test/{{ nodes }} for more.\n')
    expect(r.diagnostics.map((d) => [d.code, d.position])).toEqual([['MWP_MEMO_REFERENCE', { line: 1, column: 20 }]])
    expect(r.diagnostics[0]!.message).toContain('GitHub-flavoured Markdown')
  })

  it('errors on a reference that a GFM table cell border cuts in two, and resolves one whose | is escaped', () => {
    const table = '| what | value |\n| --- | --- |\n| total | {{ p_total_w | mw }} |\n'
    expect(resolve(table).diagnostics[0]).toMatchObject({ code: 'MWP_MEMO_REFERENCE', position: { line: 3, column: 11 }, hint: expect.stringContaining('\\|') })
    expect(resolved(table.replace('w | mw', 'w \\| mw'))).toContain('| total | 4.999 MW |')
  })

  it('still finds every reference when the memo already uses every private-use character of the BMP', () => {
    let used = ''
    for (let code = 0xe000; code <= 0xf8ff; code++) used += String.fromCharCode(code)
    const r = resolve(`${used}\n\nWe fit {{ nodes }} nodes, {{ bogus_key }}.\n`)
    expect(r.diagnostics.map((d) => d.message)).toEqual(['{{ bogus_key }}: the report has no "bogus_key"'])
  })

  it('fails closed, with an error, when the memo uses every private-use character there is', () => {
    let used = ''
    for (const [from, to] of [
      [0xe000, 0xf8ff],
      [0xf0000, 0xffffd],
      [0x100000, 0x10fffd],
    ] as const)
      for (let code = from; code <= to; code++) used += String.fromCodePoint(code)
    const r = resolve(`${used}\n\nWe fit {{ bogus_key }} nodes.\n`)
    expect(r.diagnostics.map((d) => [d.code, d.position?.line])).toEqual([['MWP_MEMO_REFERENCE', 3]])
    expect(r.diagnostics[0]!.message).toContain('private-use')
  })
})
