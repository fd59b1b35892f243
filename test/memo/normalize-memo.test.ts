import { readdirSync, readFileSync } from 'node:fs'
import * as commonmark from 'commonmark'
import spec from 'commonmark-spec'
import fc from 'fast-check'
import MarkdownIt from 'markdown-it'
import { describe, expect, it } from 'vitest'
import { normalizeMemo } from '../../src/index.js'
import { ROOT } from '../helpers/cli.js'

const reference = (markdown: string) => new commonmark.HtmlRenderer().render(new commonmark.Parser().parse(markdown))
const markdownIt = MarkdownIt('commonmark')

/**
 * The text normalization may not change: line endings made LF (CommonMark
 * treats CR, LF and CRLF alike, though commonmark.js mishandles a final lone
 * CR) and leading BOMs gone.
 */
const asRendered = (markdown: string) => markdown.replace(/^\uFEFF+/, '').replace(/\r\n?/g, '\n')

const examples = spec.tests.map((t) => ({ ...t, markdown: t.markdown.replace(/→/g, '\t') }))

describe('memo normalization keeps the rendering', () => {
  it(`renders every one of the ${examples.length} commonmark-spec examples the same in commonmark.js and markdown-it`, () => {
    const changed: number[] = []
    for (const example of examples) {
      const out = normalizeMemo(example.markdown)
      if (out !== example.markdown) changed.push(example.number)
      expect(reference(out), `example ${example.number}`).toBe(reference(example.markdown))
      expect(markdownIt.render(out), `example ${example.number}`).toBe(markdownIt.render(example.markdown))
    }
    // The examples are mostly clean already; make sure the test exercises real edits.
    expect(changed.length).toBeGreaterThan(20)
  })

  it('is idempotent on every commonmark-spec example', () => {
    for (const example of examples) {
      const once = normalizeMemo(example.markdown)
      expect(normalizeMemo(once), `example ${example.number}`).toBe(once)
    }
  })

  const fixtures = readdirSync(`${ROOT}/fixtures/memos`).filter((f) => f.endsWith('.md'))
  it.each(fixtures)('renders fixtures/memos/%s the same, and normalizes it in one pass', (file) => {
    const text = readFileSync(`${ROOT}/fixtures/memos/${file}`, 'utf8')
    const out = normalizeMemo(text)
    expect(reference(out)).toBe(reference(asRendered(text)))
    expect(normalizeMemo(out)).toBe(out)
  })

  it('keeps the rendering of generated documents built from the tricky pieces of Markdown', () => {
    const pieces = ['foo', 'é', ' ', '  ', '   ', '\t', '\n', '\n', '\n', '#', '##', '*', '**', '_', '`', '```', '~~~', '>', '- ', '1. ', '    ']
    const more = [
      '[',
      ']',
      '(',
      ')',
      '"',
      '<div>',
      '</div>',
      '<span>',
      '<pre>',
      '\\',
      '---',
      '===',
      '&amp;',
      '\r\n',
      '\r',
      '[a]: /u',
      '<http://x>',
      '!',
      '<!--',
      '-->',
    ]
    const document = fc
      .tuple(fc.constantFrom('', '\uFEFF', '---\n'), fc.array(fc.constantFrom(...pieces, ...more), { maxLength: 40 }))
      .map(([head, body]) => head + body.join(''))
    fc.assert(
      fc.property(document, (markdown) => {
        const out = normalizeMemo(markdown)
        expect(reference(out)).toBe(reference(asRendered(markdown)))
        expect(normalizeMemo(out)).toBe(out)
        // The shortcut for clean memos gives exactly what the full path gives.
        expect(normalizeMemo(markdown, { alwaysParse: true })).toBe(out)
      }),
      { numRuns: 3000, seed: 7 },
    )
  })
})

describe('memo normalization cleans up', () => {
  it('turns CRLF and lone CR into LF and ends the file with exactly one LF', () => {
    expect(normalizeMemo('a\r\nb\rc')).toBe('a\nb\nc\n')
    expect(normalizeMemo('text\n\n\n\n')).toBe('text\n')
  })

  it('drops leading BOMs', () => {
    expect(normalizeMemo('\uFEFF\uFEFF# Title\n')).toBe('# Title\n')
  })

  it('strips trailing spaces and tabs outside code', () => {
    expect(normalizeMemo('para   \n\nnext\t\n')).toBe('para\n\nnext\n')
  })

  it('writes a two-space hard break as a backslash, the same break made visible', () => {
    expect(normalizeMemo('one  \ntwo\n')).toBe('one\\\ntwo\n')
  })

  it('leaves a hard break after punctuation as written, where a backslash could change emphasis', () => {
    expect(normalizeMemo('foo **  \nbar**\n')).toBe('foo **  \nbar**\n')
  })

  it('keeps code blocks, HTML blocks and code spans byte for byte', () => {
    const text = '```\ncode  \n```\n\n    indented \t\n\n<div>\n  x  \n</div>\n\n`span  \nend`\n'
    expect(normalizeMemo(text)).toBe(text)
  })

  it('tidies ATX headings but not one whose text ends in a #', () => {
    expect(normalizeMemo('#   Title   ##  \n')).toBe('# Title\n')
    expect(normalizeMemo('> ##\tQuoted #\n')).toBe('> ## Quoted\n')
    expect(normalizeMemo('# C # ##\n')).toBe('# C # ##\n')
  })

  it('keeps front matter as written', () => {
    const text = '---\ntitle: x   \n# not a heading   \n---\n\n# Real   \n'
    expect(normalizeMemo(text)).toBe('---\ntitle: x   \n# not a heading   \n---\n\n# Real\n')
  })

  it('keeps the blank lines an unclosed code fence owns at the end of the file', () => {
    expect(normalizeMemo('```\ncode\n\n\n')).toBe('```\ncode\n\n\n')
  })

  it('returns nothing for a document of whitespace', () => {
    expect(normalizeMemo(' \n\t\n\r\n')).toBe('')
  })
})
