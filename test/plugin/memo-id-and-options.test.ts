import { describe, expect, it } from 'vitest'
import { configCandidates, nameFromMemoPath } from '../../src/index.js'
import { parseMemoId } from '../../src/plugin/memo-id.js'
import { resolveOptions } from '../../src/plugin/options.js'

const include = /\.memo\.md$/

describe('memo ids', () => {
  it.each([
    ['/site/5mw.memo.md', 'module'],
    ['/site/5mw.memo.md?report', 'report'],
    ['/site/5mw.memo.md?manifest', 'manifest'],
    ['/site/5mw.memo.md?memo', 'memo'],
    ['/site/5mw.memo.md?import&report', 'report'],
    ['/site/5mw.memo.md?report&t=1732000000000', 'report'],
    ['/site/5mw.memo.md?import', 'module'],
  ])('reads %s as the %s form', (id, kind) => {
    expect(parseMemoId(id, include)).toEqual({ file: '/site/5mw.memo.md', kind })
  })

  it.each(['?raw', '?url', '?inline', '?worker', '?sharedworker', '?report&raw', '?report&manifest', '?report&lang.json'])(
    'leaves %s to the bundler',
    (query) => {
      expect(parseMemoId(`/site/5mw.memo.md${query}`, include)).toBeUndefined()
    },
  )

  it('ignores other files and virtual modules', () => {
    expect(parseMemoId('/site/README.md', include)).toBeUndefined()
    expect(parseMemoId('\0/site/5mw.memo.md', include)).toBeUndefined()
  })

  it('handles Windows paths, as Rollup gives them on Windows', () => {
    expect(parseMemoId('C:\\site\\docs\\5mw.memo.md?report', include)).toEqual({ file: 'C:\\site\\docs\\5mw.memo.md', kind: 'report' })
    expect(nameFromMemoPath('C:\\site\\docs\\5mw.memo.md')).toBe('5mw')
    expect(configCandidates('C:\\site\\docs\\5mw.memo.md')).toEqual(['C:\\site\\docs\\5mw.cluster.json', 'C:\\site\\docs\\cluster.json'])
  })
})

describe('plugin options', () => {
  it('defaults to *.memo.md, an mwpack folder, SOURCE_DATE_EPOCH or 0, and strict only in CI', () => {
    expect(resolveOptions({}, {})).toMatchObject({ include: /\.memo\.md$/, outDir: 'mwpack', sourceDateEpoch: 0, strict: false })
    expect(resolveOptions({}, { CI: 'true', SOURCE_DATE_EPOCH: '1700000000' })).toMatchObject({ strict: true, sourceDateEpoch: 1_700_000_000 })
    expect(resolveOptions({ strict: false }, { CI: 'true' }).strict).toBe(false)
    expect(resolveOptions({}, { CI: 'false' }).strict).toBe(false)
  })

  it.each([['../out'], ['/abs'], ['a\\b'], ['a/./b'], ['']])('rejects outDir %j, naming the option', (outDir) => {
    expect(() => resolveOptions({ outDir }, {})).toThrow(/outDir/)
  })

  it('rejects a bad sourceDateEpoch, from the option or the environment', () => {
    expect(() => resolveOptions({ sourceDateEpoch: -1 }, {})).toThrow(/sourceDateEpoch/)
    expect(() => resolveOptions({}, { SOURCE_DATE_EPOCH: 'yesterday' })).toThrow(/SOURCE_DATE_EPOCH environment variable/)
  })
})
