import { describe, expect, it } from 'vitest'
import { configCandidates, nameFromMemoPath } from '../../src/index.js'
import { memoIdLabel, readMemoImport, virtualMemoId } from '../../src/plugin/memo-id.js'
import { resolveOptions } from '../../src/plugin/options.js'

const include = /\.memo\.md$/

describe('memo imports', () => {
  it.each([
    ['/site/5mw.memo.md', 'module'],
    ['/site/5mw.memo.md?report', 'report'],
    ['/site/5mw.memo.md?manifest', 'manifest'],
    ['/site/5mw.memo.md?memo', 'memo'],
    ['/site/5mw.memo.md?import&report', 'report'],
    ['/site/5mw.memo.md?report&t=1732000000000', 'report'],
    ['/site/5mw.memo.md?import', 'module'],
    ['/site/5mw.memo.md?mwpack', 'module'],
    ['/site/5mw.memo.md?import&mwpack', 'module'],
  ])('reads %s as the %s form', (id, kind) => {
    expect(readMemoImport(id, include)).toEqual({ ok: true, readings: [{ file: '/site/5mw.memo.md', kind }] })
  })

  it.each(['?raw', '?url', '?inline', '?worker', '?sharedworker', '?astroContentCollectionEntry=true'])(
    'leaves %s to the bundler or another plugin',
    (query) => {
      expect(readMemoImport(`/site/5mw.memo.md${query}`, include)).toBeUndefined()
    },
  )

  it.each([
    [
      '?report&manifest',
      'it asks for ?report and ?manifest; a memo import takes one of ?report, ?manifest, ?memo, ?html, or no query (or ?mwpack) for the memo object',
    ],
    ['?mwpack&report', 'it asks for ?mwpack and ?report'],
    ['?mwpack&raw', "?mwpack and Vite's ?raw ask for two different things"],
    ['?report&report', 'it asks for ?report and ?report; a memo import takes one of'],
    ['?inline&report', "?report and Vite's ?inline ask for two different things; import one or the other"],
    ['?report&raw', "?report and Vite's ?raw ask for two different things"],
    ['?module', 'the memo object is the import without a query'],
    ['?report=0', '?report takes no value'],
    ['?report&lang.json', 'mwpack does not know ?lang.json beside ?report'],
  ])('says what is wrong with %s rather than passing it on', (query, problem) => {
    const reading = readMemoImport(`/site/5mw.memo.md${query}`, include)
    expect(reading).toMatchObject({ ok: false, file: '/site/5mw.memo.md', query })
    expect(reading && !reading.ok && reading.problem).toContain(problem)
  })

  it('reads a ? inside a folder name as part of the path, the query after the last one', () => {
    expect(readMemoImport('./q?x/m6.memo.md', include)).toEqual({ ok: true, readings: [{ file: './q?x/m6.memo.md', kind: 'module' }] })
    expect(readMemoImport('./q?x/m6.memo.md?report', include)).toEqual({ ok: true, readings: [{ file: './q?x/m6.memo.md', kind: 'report' }] })
  })

  it('ignores other files and virtual modules', () => {
    expect(readMemoImport('/site/README.md', include)).toBeUndefined()
    expect(readMemoImport('\0/site/5mw.memo.md', include)).toBeUndefined()
  })

  it('handles Windows paths, as Rollup gives them on Windows', () => {
    expect(readMemoImport('C:\\site\\docs\\5mw.memo.md?report', include)).toEqual({
      ok: true,
      readings: [{ file: 'C:\\site\\docs\\5mw.memo.md', kind: 'report' }],
    })
    expect(nameFromMemoPath('C:\\site\\docs\\5mw.memo.md')).toBe('5mw')
    expect(configCandidates('C:\\site\\docs\\5mw.memo.md')).toEqual(['C:\\site\\docs\\5mw.cluster.json', 'C:\\site\\docs\\cluster.json'])
  })
})

describe('generated module ids', () => {
  it('read like the path, and survive the percent-decoding of a dev request', () => {
    expect(virtualMemoId('src/memos/5mw.memo.md', 'report')).toBe('\0mwpack:report/src/memos/5mw.memo.md.js')
    for (const path of [
      'pct%25/m.memo.md',
      'pct%/m.memo.md',
      'sp ace/m.memo.md',
      'q?x/m.memo.md',
      'h#x/m.memo.md',
      'ü/m.memo.md',
      '../up/m.memo.md',
      'a\\b/m.memo.md',
    ]) {
      const id = virtualMemoId(path, 'memo')
      expect(id, path).toMatch(/^\0mwpack:memo\/[A-Za-z0-9._~\/-]+\.js$/)
      expect(decodeURI(id), path).toBe(id)
      expect(id.split('/').slice(1), path).not.toContain('..')
    }
    expect(memoIdLabel('../up/m.memo.md')).toBe('~2E~2E/up/m.memo.md')
  })

  it('give distinct paths distinct ids', () => {
    const paths = ['a~2E/m.memo.md', 'a./m.memo.md', 'a~7E/m.memo.md', 'a~/m.memo.md', 'a b/m.memo.md', 'a~20b/m.memo.md', '../m.memo.md', '~2E~2E/m.memo.md']
    expect(new Set(paths.map((p) => memoIdLabel(p))).size).toBe(paths.length)
  })
})

describe('plugin options', () => {
  it('defaults to *.memo.md, an mwpack folder, SOURCE_DATE_EPOCH or 0, and strict only in CI', () => {
    expect(resolveOptions({}, {})).toMatchObject({ include: /\.memo\.md$/, outDir: 'mwpack', sourceDateEpoch: 0, strict: false })
    expect(resolveOptions({}, { CI: 'true', SOURCE_DATE_EPOCH: '1700000000' })).toMatchObject({ strict: true, sourceDateEpoch: 1_700_000_000 })
    expect(resolveOptions({ strict: false }, { CI: 'true' }).strict).toBe(false)
    expect(resolveOptions({}, { CI: 'false' }).strict).toBe(false)
  })

  it.each([['../out'], ['/abs'], ['a\\b'], ['a/./b'], [''], ['a\0b'], ['a?b'], ['a#b'], ['%2e%2e'], ['a//b'], ['dir with space']])(
    'rejects outDir %j, naming the option and what a folder path may hold',
    (outDir) => {
      expect(() => resolveOptions({ outDir }, {})).toThrow(
        `mwpack({ outDir: ${JSON.stringify(outDir)} }): expected a relative folder path with forward slashes, its folders named with letters, digits`,
      )
    },
  )

  it.each([
    [{ outDir: 42 }, 'mwpack({ outDir: 42 }): expected a relative folder path (a string)'],
    [{ outDir: {} }, 'mwpack({ outDir: {...} }): expected a relative folder path (a string)'],
    [{ include: '*.memo.md' }, 'mwpack({ include: "*.memo.md" }): expected a RegExp tested against the file path'],
    [{ include: /\.memo\.md$/g }, 'mwpack({ include: /\\.memo\\.md$/g }): the g and y flags make RegExp test() resume where the last match ended'],
    [{ include: /\.memo\.md$/y }, 'the g and y flags'],
    [{ strict: 'yes' }, 'mwpack({ strict: "yes" }): expected true or false'],
    [
      { config: 42 },
      'mwpack({ config: 42 }): expected a config path (a non-empty string, relative to the project root) or a function from the memo path to one',
    ],
    [{ config: '' }, 'mwpack({ config: "" }): expected a config path'],
    [{ sourceDateEpoch: '1700000000' }, 'mwpack({ sourceDateEpoch: "1700000000" }): expected a whole number of seconds since 1970'],
    [{ outdir: 'x' }, 'mwpack({ outdir }): unknown option; did you mean outDir? the options are include, outDir, strict, sourceDateEpoch, config, cache'],
    [{ constructor: 1 }, 'mwpack({ constructor }): unknown option; the options are'],
    [{ toString: 1 }, 'mwpack({ toString }): unknown option; the options are'],
    [JSON.parse('{"__proto__": {"outDir": "../evil"}}'), 'mwpack({ __proto__ }): unknown option; the options are'],
  ])('rejects %o with a message naming the option', (options, message) => {
    expect(() => resolveOptions(options as never, {})).toThrow(message)
  })

  it.each([[null], [42], ['mwpack'], [[]], [/x/]])('rejects %o in place of the options object', (options) => {
    expect(() => resolveOptions(options as never, {})).toThrow(
      'expected an options object ({ include, outDir, strict, sourceDateEpoch, config, cache }) or nothing',
    )
  })

  it('reports every bad option at once', () => {
    expect(() => resolveOptions({ outDir: 1, strict: 2 } as never, {})).toThrow(
      expect.objectContaining({
        diagnostics: [
          expect.objectContaining({ message: expect.stringContaining('outDir') }),
          expect.objectContaining({ message: expect.stringContaining('strict') }),
        ],
      }),
    )
  })

  it('accepts a trailing slash and URL-safe folder names', () => {
    expect(resolveOptions({ outDir: 'downloads/memos~v1/' }, {}).outDir).toBe('downloads/memos~v1')
  })

  it('rejects a bad sourceDateEpoch, from the option or the environment', () => {
    expect(() => resolveOptions({ sourceDateEpoch: -1 }, {})).toThrow(/sourceDateEpoch/)
    expect(() => resolveOptions({}, { SOURCE_DATE_EPOCH: 'yesterday' })).toThrow(/SOURCE_DATE_EPOCH environment variable/)
  })
})
