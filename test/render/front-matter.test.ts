import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { artifactEntries, prepareMemo, renderMemoPage, type Manifest } from '../../src/index.js'
import { ROOT } from '../helpers/cli.js'

const memo = [
  '---',
  'title: "Cluster A: 5 MW sizing"',
  'author: Ops',
  'note: "{{ nodes }} stays as written here"',
  '---',
  '',
  '# Sizing',
  '',
  'We fit {{ nodes }} nodes.',
  '',
].join('\n')

function prepared(text: string) {
  const result = prepareMemo({
    memo: { file: 'x.memo.md', bytes: Buffer.from(text) },
    config: { file: 'x.cluster.json', bytes: readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`) },
    name: 'x',
  })
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics))
  return result.value
}

function page(text: string): string {
  const value = prepared(text)
  const { manifest } = artifactEntries(value, 0)
  return renderMemoPage({ markdown: value.markdown, report: value.report, manifest: manifest as Manifest, markdownMap: value.markdownMap })
}

describe('front matter', () => {
  it('is kept in memo.md as written, its references left alone', () => {
    const markdown = prepared(memo).markdown
    expect(markdown.startsWith(memo.split('# Sizing')[0]!)).toBe(true)
    expect(markdown).toContain('We fit 451 nodes.')
  })

  it('stays out of the page body, and its title becomes the page title', () => {
    const html = page(memo)
    expect(html).toContain('<title>Cluster A: 5 MW sizing</title>')
    const body = html.slice(html.indexOf('<main'))
    expect(body).not.toContain('author: Ops')
    expect(body).not.toContain('<hr')
    expect(body).toMatch(/<h1 data-source-line="7">Sizing<\/h1>/)
  })

  it('is cited in the page as plain text: {{ meta.title }} in a heading shows the title, its punctuation and all', () => {
    const html = page('---\ntitle: "Hall <2> & *spine* [v1]"\n---\n\n# {{ meta.title }}\n\nWe fit {{ nodes }} nodes.\n')
    expect(html).toContain('<title>Hall &lt;2&gt; &amp; *spine* [v1]</title>')
    expect(html).toMatch(/<h1 data-source-line="5">Hall &lt;2> &amp; \*spine\* \[v1\]<\/h1>/)
  })

  it('leaves the first heading as the title when the front matter has none', () => {
    expect(page('---\nauthor: Ops\n---\n\n# Plain title\n')).toContain('<title>Plain title</title>')
  })
})
