import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/cli.js'
import { mwpackInProcess } from '../helpers/in-process.js'
import { renderCommonMark, renderGfm } from '../helpers/renderers.js'
import { tempDir } from '../helpers/tree.js'
import { fuzzOptions, fuzzRuns, fuzzTimeoutMs } from '../fuzz/fuzz-setup.js'

/** Live numbers of the 5 MW example: plain words, words with commas, a unit after a space, a name. */
const REFERENCES = ['{{ nodes }}', '{{ gpus | int }}', '{{ p_total_w | mw }}', '{{ derived.power_per_gpu_w }}', '{{ inputs.node.name }}', '{{ limited_by }}']

/** A scratch folder with the example's config: each build writes memo.md there and reads back out/memo. */
let cwd = ''
/** What each reference reads as, taken from a build of each one alone. */
const values = new Map<string, string>()

async function build(memo: string): Promise<{ code: number; stderr: string; markdown: string }> {
  writeFileSync(join(cwd, 'memo.md'), memo)
  const run = await mwpackInProcess(['build', 'memo.md', '--out', 'out/memo'], cwd)
  return { code: run.code, stderr: run.stderr, markdown: run.code === 0 ? readFileSync(join(cwd, 'out/memo/memo.md'), 'utf8') : '' }
}

async function verify(): Promise<{ code: number; stderr: string }> {
  return mwpackInProcess(['verify', 'out/memo'], cwd)
}

/**
 * The memo as written with every live reference replaced by its value: what
 * the built memo must render as. After an odd run of backslashes a reference
 * is escaped, and stays as written.
 */
const substituted = (memo: string) =>
  memo.replace(/(\\*)(\{\{[^{}]*\}\})/g, (whole, slashes: string, ref: string) => (slashes.length % 2 === 1 ? whole : slashes + values.get(ref)!))

/** Pieces of a line: live numbers, words, emphasis and strike delimiters, backslashes, cell borders, spaces and tabs. */
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...REFERENCES) },
  { weight: 3, arbitrary: fc.constantFrom('word', 'x', '42', 'a.b', 'é') },
  { weight: 3, arbitrary: fc.constantFrom('*', '_', '**', '__', '~~', '\\', '|', ' ', '  ', '\t', ' \\ ') },
)
/** What stands before a line's text: nothing, a quote, list items, a heading, an indented continuation, a table row. */
const prefix = fc.constantFrom('', '', '> ', '- ', '1. ', '# ', '## ', '> - ', '- > ', '| ')
/** What ends it: nothing, a soft or hard break in spaces, tabs, a backslash, a closing heading run, a cell border. */
const ending = fc.constantFrom('', ' ', '  ', '   ', '\t', ' \t', '\t  ', '\\', '\\  ', ' #', ' |  ', ' | ')
/** Text first, so no line starts a code block (indented, or fenced by `~~~`), where a reference is literal. */
const first = fc.oneof(fc.constantFrom(...REFERENCES), fc.constantFrom('word', 'x', '42', '*', '_'))
const line = fc.tuple(prefix, first, fc.array(piece, { maxLength: 4 }), ending).map(([p, head, pieces, end]) => p + head + pieces.join('') + end)
/** A GFM table whose body cells hold references, with trailing spaces after the last cell or no closing border. */
const table = fc
  .tuple(fc.constantFrom('', '> ', '- '), fc.constantFrom(...REFERENCES), ending, fc.constantFrom('|', ''))
  .map(([p, ref, end, border]) => `${p}| a | b |\n${p.replace('-', ' ')}| --- | --- |\n${p.replace('-', ' ')}| ${ref}${end}| x ${border}${end}`)
const block = fc.oneof({ weight: 5, arbitrary: line }, { weight: 1, arbitrary: table }, { weight: 1, arbitrary: fc.constantFrom('', '---', '===') })
// A title first: a `---` on the first line would open front matter, which is kept out of the rendering.
const memo = fc.array(block, { minLength: 1, maxLength: 8 }).map((blocks) => `Memo\n\n${blocks.join('\n')}\n`)

describe('a memo with its live numbers resolved', () => {
  beforeAll(async () => {
    cwd = join(tempDir(), 'work')
    mkdirSync(cwd, { recursive: true })
    writeFileSync(join(cwd, 'memo.cluster.json'), readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`))
    const built = await build(REFERENCES.map((ref) => `${ref}\n`).join('\n'))
    expect(built.code, built.stderr).toBe(0)
    const paragraphs = built.markdown.trimEnd().split('\n\n')
    REFERENCES.forEach((ref, i) => values.set(ref, paragraphs[i]!))
    expect(values.get('{{ nodes }}')).toMatch(/^\d+$/)
  })

  it('is in normal form when a number lands before trailing spaces, so verify accepts it', async () => {
    const built = await build('{{ nodes }}   \nx')
    expect(built.code, built.stderr).toBe(0)
    expect(built.markdown).toBe(`${values.get('{{ nodes }}')}\\\nx\n`)
    const verified = await verify()
    expect(verified.code, verified.stderr).toBe(0)
  })

  const runs = fuzzRuns(150)
  it(
    `is in normal form and renders as written with the numbers in, wherever a reference stands (${runs} memos)`,
    async () => {
      let built = 0
      await fc.assert(
        fc.asyncProperty(memo, async (text) => {
          const result = await build(text)
          // A value may still change the structure (a list marker glued to a number): that is an error, never a bad bundle.
          if (result.code !== 0) {
            expect(result.code, result.stderr).toBe(2)
            return
          }
          built++
          const verified = await verify()
          expect(verified.code, `${JSON.stringify(text)}\n${verified.stderr}`).toBe(0)
          const written = substituted(text)
          expect(renderCommonMark(result.markdown), JSON.stringify(text)).toBe(renderCommonMark(written))
          expect(renderGfm(result.markdown), JSON.stringify(text)).toBe(renderGfm(written))
        }),
        fuzzOptions(runs),
      )
      expect(built).toBeGreaterThan(runs / 2)
    },
    fuzzTimeoutMs(runs),
  )
})
