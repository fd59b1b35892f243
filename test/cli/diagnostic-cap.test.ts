import { spawnSync } from 'node:child_process'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { rollup } from 'rollup'
import { describe, expect, it } from 'vitest'
import mwpackRollup from '../../dist/rollup.js'
import { error, warning, type Diagnostic } from '../../src/diagnostics/diagnostic.js'
import { PRINTED_PER_FILE, formatDiagnosticList } from '../../src/diagnostics/format-diagnostic-list.js'
import { CLI, ROOT, mwpack } from '../helpers/cli.js'
import { snapshotTree, tempDir } from '../helpers/tree.js'

const BROKEN = 2_000

/** The example with 2,000 references to tables that do not exist appended. */
function memoWithBrokenTables(): string {
  const cwd = tempDir()
  cpSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`, join(cwd, '5mw.cluster.json'))
  const broken = Array.from({ length: BROKEN }, (_, i) => `{{ table nope${i + 1} }}\n`).join('\n')
  writeFileSync(join(cwd, '5mw.memo.md'), `${readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.memo.md`, 'utf8')}\n${broken}`)
  return cwd
}

describe('printed diagnostics are capped per file', () => {
  const at = (file: string | undefined, line: number, severity: 'error' | 'warning' = 'error'): Diagnostic =>
    (severity === 'error' ? error : warning)('MWP_MEMO_REFERENCE', `problem ${line}`, { ...(file ? { file, position: { line, column: 1 } } : {}) })

  it('prints the first 50 of a file in order, then one line counting the rest', () => {
    const list = Array.from({ length: 120 }, (_, i) => at('a.md', i + 1))
    const lines = formatDiagnosticList(list, { fullList: 'run with --json for the full list' })
    expect(lines).toHaveLength(PRINTED_PER_FILE + 1)
    expect(PRINTED_PER_FILE).toBe(50)
    expect(lines[0]).toBe('a.md:1:1: error: problem 1 [MWP_MEMO_REFERENCE]')
    expect(lines[49]).toBe('a.md:50:1: error: problem 50 [MWP_MEMO_REFERENCE]')
    expect(lines[50]).toBe('a.md: ... and 70 more errors (fix these first; run with --json for the full list)')
  })

  it('caps each file on its own, and diagnostics about no file as one more group', () => {
    const list = [
      ...Array.from({ length: 60 }, (_, i) => at('a.md', i + 1)),
      ...Array.from({ length: 3 }, (_, i) => at('b.json', i + 1)),
      ...Array.from({ length: 52 }, (_, i) => at(undefined, i)),
    ]
    const lines = formatDiagnosticList(list)
    expect(lines.filter((l) => l.startsWith('a.md:') && !l.includes('more'))).toHaveLength(50)
    expect(lines).toContain('a.md: ... and 10 more errors (fix these first)')
    expect(lines.filter((l) => l.startsWith('b.json:'))).toHaveLength(3)
    expect(lines).toContain('... and 2 more errors (fix these first)')
    expect(lines).toHaveLength(50 + 1 + 3 + 50 + 1)
  })

  it('keeps errors ahead of warnings when it must leave some out', () => {
    const list = [...Array.from({ length: 60 }, (_, i) => at('a.md', i + 1, 'warning')), at('a.md', 61)]
    const lines = formatDiagnosticList(list)
    expect(lines).toContain('a.md:61:1: error: problem 61 [MWP_MEMO_REFERENCE]')
    expect(lines.at(-1)).toBe('a.md: ... and 11 more warnings (fix these first)')
  })

  it('prints everything when within the cap', () => {
    const list = Array.from({ length: 50 }, (_, i) => at('a.md', i + 1))
    expect(formatDiagnosticList(list)).toHaveLength(50)
  })
})

describe('2,000 broken references in a memo', () => {
  it.each([
    ['validate', ['validate', '5mw.memo.md']],
    ['build', ['build', '5mw.memo.md', '--out', 'out']],
    ['render', ['render', '5mw.memo.md', '--out', 'out']],
  ])('%s prints 50 lines and a count, and --json keeps all of them', (_, args) => {
    const cwd = memoWithBrokenTables()
    const before = snapshotTree(cwd)
    const human = mwpack(args, { cwd })
    expect(human.code).toBe(2)
    const lines = human.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(PRINTED_PER_FILE + 1)
    expect(lines[0]).toMatch(/^5mw\.memo\.md:\d+:1: error: \{\{ table nope1 \}\}: unknown table "nope1"/)
    expect(lines.at(-1)).toBe(`5mw.memo.md: ... and 1,950 more errors (fix these first; run with --json for the full list)`)
    const json = mwpack([...args, '--json'], { cwd })
    expect(json.code).toBe(2)
    expect((JSON.parse(json.stdout) as { diagnostics: unknown[] }).diagnostics).toHaveLength(BROKEN)
    expect(json.stderr.trimEnd().split('\n')).toHaveLength(PRINTED_PER_FILE + 1)
    expect(snapshotTree(cwd)).toEqual(before)
  })

  it("the plugin's build error prints 50 and a count, and carries all of them as data", async () => {
    const cwd = memoWithBrokenTables()
    writeFileSync(join(cwd, 'entry.js'), "export { default } from './5mw.memo.md'\n")
    const failure = await rollup({ input: join(cwd, 'entry.js'), plugins: [mwpackRollup()] }).then(
      () => undefined,
      (e: Error & { meta?: { mwpack?: { diagnostics: unknown[] } } }) => e,
    )
    expect(failure).toBeDefined()
    const lines = failure!.message.split('\n').filter((l) => l.includes('nope') || l.includes('more errors'))
    expect(lines).toHaveLength(PRINTED_PER_FILE + 1)
    expect(failure!.message).toContain("5mw.memo.md: ... and 1,950 more errors (fix these first; the error's meta.mwpack.diagnostics lists them all)")
    expect(failure!.meta?.mwpack?.diagnostics).toHaveLength(BROKEN)
  })
})

describe('a reader that stops early', () => {
  it('ends mwpack quietly, with no EPIPE stack trace', () => {
    const cwd = memoWithBrokenTables()
    const run = spawnSync('sh', ['-c', '"$0" "$1" validate 5mw.memo.md --json 2>stderr.txt | head -c 10', process.execPath, CLI], { cwd, encoding: 'utf8' })
    expect(run.stdout).toBe('{\n  "ok": ')
    const stderr = readFileSync(join(cwd, 'stderr.txt'), 'utf8')
    expect(stderr).not.toContain('EPIPE')
    expect(stderr).not.toMatch(/\n\s+at /)
  })
})
