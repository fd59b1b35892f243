import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import MarkdownIt from 'markdown-it'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic, prepareMemo, resolveReferences, type ClusterReport } from '../../src/index.js'
import { mwpack, ROOT } from '../helpers/cli.js'
import { loadConfig, solve } from '../helpers/configs.js'
import { tempDir } from '../helpers/tree.js'

const report: ClusterReport = solve(loadConfig('fixtures/memos/v1-5mw/5mw.cluster.json'))
const FRONT = [
  '---',
  'title: "Cluster A: 5 MW sizing"',
  'version: 1.10',
  'approved: true',
  'owner:',
  '  name: Ops',
  'tags: [power, fabric]',
  'empty:',
  '---',
  '',
].join('\n')

/** Each problem as the CLI prints it, with its place in `memo.md`; `withoutConfig` resolves with no report. */
const problems = (text: string, withoutConfig = false) =>
  resolveReferences(text, 'memo.md', withoutConfig ? undefined : report).diagnostics.map((d) => formatDiagnostic(d))
const resolved = (text: string, withoutConfig = false) => {
  const result = resolveReferences(text, 'memo.md', withoutConfig ? undefined : report)
  expect(result.diagnostics.map((d) => formatDiagnostic(d))).toEqual([])
  return result.markdown
}
const gfm = new MarkdownIt({ html: true })

describe('citing front matter fields as {{ meta.FIELD }}', () => {
  it('writes a field’s value where the reference stands, plain scalars as written', () => {
    const body =
      '# {{ meta.title }}\n\nVersion {{ meta.version }}, approved {{ meta.approved }}, by {{ meta.owner.name }}, about {{ meta.tags.1 }}: {{ nodes }} nodes.\n'
    expect(resolved(FRONT + body)).toBe(FRONT + '# Cluster A: 5 MW sizing\n\nVersion 1.10, approved true, by Ops, about fabric: 451 nodes.\n')
  })

  it('needs no cluster config when the memo cites only its front matter', () => {
    expect(resolved('---\ntitle: Draft\n---\n\nThis is {{ meta.title }}.\n', true)).toBe('---\ntitle: Draft\n---\n\nThis is Draft.\n')
    expect(problems('---\ntitle: Draft\n---\n\n{{ meta.title }} has {{ nodes }} nodes.\n', true)).toEqual([
      'memo.md:5:22: error: the memo uses {{ nodes }}, but it has no cluster config to take numbers from; add NAME.cluster.json or cluster.json beside the memo, or pass --config [MWP_MEMO_NEEDS_CONFIG]',
    ])
  })

  it('follows an alias to the value its anchor names', () => {
    expect(resolved('---\nsite: &site Hall 2\nwhere: *site\n---\n\nIn {{ meta.where }}.\n')).toContain('In Hall 2.')
  })

  it('escapes Markdown in a value, so it reads as written in both readings and opens nothing', () => {
    const memo =
      '---\ntitle: "*Not* [a link](x) <b>bold</b> & {{ nodes }} | ~x~ `c`"\nitem: "- not a list"\nstep: 2. not a list\n---\n\nSee {{ meta.title }}.\n\n{{ meta.item }}\n\n> {{ meta.step }}\n\n| a |\n| --- |\n| {{ meta.title }} |\n'
    const markdown = resolved(memo)
    const html = gfm.render(markdown.slice(markdown.indexOf('\n---\n') + 5))
    expect(html).toContain('<p>See *Not* [a link](x) &lt;b&gt;bold&lt;/b&gt; &amp; {{ nodes }} | ~x~ `c`.</p>')
    expect(html).toContain('<p>- not a list</p>')
    expect(html).toContain('<blockquote>\n<p>2. not a list</p>\n</blockquote>')
    expect(html).toContain('<td>*Not* [a link](x) &lt;b&gt;bold&lt;/b&gt; &amp; {{ nodes }} | ~x~ `c`</td>')
    expect(html).not.toMatch(/<em>|<a |<b>|<code>|<s>|<ul>|<ol>/)
  })

  it('leaves a version alone in the middle of a line', () => {
    expect(resolved('---\nv: 2.1\n---\n\nRelease {{ meta.v }} of the design.\n')).toContain('Release 2.1 of the design.')
  })

  it('reports each wrong citation at its line and column, saying what was found and what fits', () => {
    const body = [
      '{{ meta.titel }}',
      '{{ meta.tags }}',
      '{{ meta.owner }}',
      '{{ meta.empty }}',
      '{{ meta.title.x }}',
      '{{ meta.tags.7 }}',
      '{{ meta.title | mw }}',
      '{{ meta }}',
      '{{ meta.owner.nmae }}',
    ].join(' and\n')
    expect(problems(FRONT + '\n' + body + '\n')).toEqual([
      'memo.md:11:1: error: {{ meta.titel }}: the front matter has no field "titel"; did you mean "title"? [MWP_MEMO_REFERENCE]',
      'memo.md:12:1: error: {{ meta.tags }}: meta.tags is a list of 2 values, not one value; cite one of them, like {{ meta.tags.0 }} [MWP_MEMO_REFERENCE]',
      'memo.md:13:1: error: {{ meta.owner }}: meta.owner holds fields, not one value; cite one of them, like {{ meta.owner.name }} [MWP_MEMO_REFERENCE]',
      'memo.md:14:1: error: {{ meta.empty }}: meta.empty is empty; give it a value in the front matter, or leave the reference out [MWP_MEMO_REFERENCE]',
      'memo.md:15:1: error: {{ meta.title.x }}: meta.title is one value; it has no field "x"; write {{ meta.title }} [MWP_MEMO_REFERENCE]',
      'memo.md:16:1: error: {{ meta.tags.7 }}: meta.tags is a list of 2 values; it has no "7"; cite one by its place, from {{ meta.tags.0 }} [MWP_MEMO_REFERENCE]',
      'memo.md:17:1: error: {{ meta.title | mw }}: a front matter field is shown as written; formats apply to report figures; write {{ meta.title }} [MWP_MEMO_REFERENCE]',
      'memo.md:18:1: error: {{ meta }}: expected a front matter field, like {{ meta.title }}; name the field after "meta.": letters, digits, _ and -, with . between levels [MWP_MEMO_REFERENCE]',
      'memo.md:19:1: error: {{ meta.owner.nmae }}: meta.owner has no field "nmae"; did you mean "name"? [MWP_MEMO_REFERENCE]',
    ])
  })

  it('refuses a value on several lines, and a memo without front matter', () => {
    expect(problems('---\nnote: |\n  one\n  two\n---\n\nA {{ meta.note }}.\n')).toEqual([
      'memo.md:7:3: error: {{ meta.note }}: meta.note spans 2 lines; a reference stands in one line of prose; cite a field that holds one line [MWP_MEMO_REFERENCE]',
    ])
    expect(problems('# Memo\n\nBy {{ meta.author }}.\n')).toEqual([
      'memo.md:3:4: error: {{ meta.author }}: the memo has no front matter to take meta.author from; add one at the very top: a line ---, fields such as `title: Cluster sizing`, and a line --- [MWP_MEMO_REFERENCE]',
    ])
  })

  it('leaves references inside the front matter and in code as written', () => {
    const memo = '---\ntitle: "{{ meta.title }}"\n---\n\n`{{ meta.title }}`\n'
    expect(resolved(memo)).toBe(memo)
  })
})

describe('front matter that does not read', () => {
  it('is an error at the line and column YAML stops, not body text', () => {
    expect(problems('---\ntitle: x\nbad: [\n---\n\n# T\n')).toEqual([
      'memo.md:4:1: error: the front matter is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]; fix the YAML between the --- lines, or quote a value that holds a colon or starts with a special character [MWP_MEMO_FRONT_MATTER]',
    ])
    expect(problems('---\ntitle: "unclosed\n---\n\n# T\n')[0]).toMatch(/^memo\.md:3:1: error: the front matter is not valid YAML: Missing closing "quote/)
    expect(problems('---\ntitle: a: b\n---\n\n# T\n')[0]).toMatch(
      /^memo\.md:2:8: error: the front matter is not valid YAML: Nested mappings are not allowed in compact mappings/,
    )
  })

  it('names a duplicate field, a list or a lone value where fields belong, and too many aliases', () => {
    expect(problems('---\ntitle: x\nauthor: y\ntitle: z\n---\n\n# T\n')).toEqual([
      'memo.md:4:1: error: the front matter is not valid YAML: Map keys must be unique; fix the YAML between the --- lines, or quote a value that holds a colon or starts with a special character [MWP_MEMO_FRONT_MATTER]',
    ])
    expect(problems('---\n- a\n- b\n---\n\n# T\n')[0]).toMatch(
      /^memo\.md:2:1: error: the front matter holds a list; expected fields, one `key: value` per line; /,
    )
    expect(problems('---\nTitle\n---\n\n# T\n')[0]).toMatch(/^memo\.md:2:1: error: the front matter holds a single string; expected fields/)
    const laughs = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ),
    ]
    expect(problems(`---\n${laughs.join('\n')}\n---\n\n# T\n`)).toEqual([
      'memo.md:2:1: error: the front matter expands its aliases (*name) too many times; write the values out instead of repeating aliases [MWP_MEMO_FRONT_MATTER]',
    ])
  })

  it('counts columns as editors do when the memo starts with a BOM', () => {
    const result = prepareMemo({ memo: { file: 'x.memo.md', bytes: Buffer.from('\ufeff---\ntitle: [x\n---\n\n# T\n') }, name: 'x' })
    if (result.ok) throw new Error('a front matter that does not parse built')
    expect(result.diagnostics.map((d) => [d.code, d.position])).toEqual([['MWP_MEMO_FRONT_MATTER', { line: 3, column: 1 }]])
  })

  it('is refused past 16 KiB before it is parsed, and deep nesting within it is an error, not a crash', () => {
    expect(problems(`---\nnote: "${'x'.repeat(17 * 1024)}"\n---\n\n# T\n`)).toEqual([
      'memo.md:1:1: error: the front matter is 17.0 KiB (17417 bytes); mwpack reads at most 16 KiB; see "Input limits" in the README [MWP_FILE_TOO_LARGE]',
    ])
    // Refused before the parser sees them: its recursion can overflow the stack in a way that ends the process.
    const deep = ['['.repeat(16_000), '- '.repeat(8_000) + 'x', '{a: '.repeat(4_000), 'a: [\n' + ' '.repeat(40) + '- '.repeat(30) + 'x]']
    expect(deep.map((yaml) => problems(`---\n${yaml}\n---\n\n# T\n`).map((p) => p.replace(/ error: .*/, '')))).toEqual([
      ['memo.md:2:65:'],
      ['memo.md:2:129:'],
      ['memo.md:2:257:'],
      ['memo.md:3:87:'],
    ])
    expect(problems(`---\n${deep[0]}\n---\n`)[0]).toContain(
      'the front matter nests more than 64 levels deep (indentation, - items and brackets); front matter holds a few fields; nest them less [MWP_MEMO_FRONT_MATTER]',
    )
    // Sixty-four levels are read.
    expect(problems(`---\na: ${'['.repeat(63)}${']'.repeat(63)}\n---\n\n# T\n`)).toEqual([])
  })

  it('stops the CLI with exit 2 naming the file, line and column, writing nothing', () => {
    const cwd = tempDir()
    writeFileSync(join(cwd, 'bad.memo.md'), '---\ntitle: Sizing\nowner: [ops\n---\n\n# Sizing\n')
    writeFileSync(join(cwd, 'bad.cluster.json'), readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`))
    const { code, stderr } = mwpack(['render', 'bad.memo.md', '--out', 'out'], { cwd })
    expect(code).toBe(2)
    expect(stderr).toMatch(/^bad\.memo\.md:4:1: error: the front matter is not valid YAML: .*\[MWP_MEMO_FRONT_MATTER\]\n/)
    expect(existsSync(join(cwd, 'out'))).toBe(false)
  })
})
