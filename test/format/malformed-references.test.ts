import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic, resolveReferences } from '../../src/index.js'
import { mwpack } from '../helpers/cli.js'
import { loadConfig, solve } from '../helpers/configs.js'

const report = solve(loadConfig('fixtures/reference/h100-5mw-64port.cluster.json'))

/** The diagnostics of one reference written on line 3 at column 14 of a small memo. */
function diagnosticsOf(reference: string) {
  return resolveReferences(`# Memo\n\nThe cluster: ${reference}.\n`, 'memo.md', report).diagnostics
}

describe('a reference takes one format, written in full', () => {
  it.each([
    // A second pipe once dropped everything after it: {{ nodes | pct | bogus }} built as {{ nodes | pct }}.
    ['{{ nodes | int | bogus }}', 'expected one format after the key, found 2: "int", "bogus"', 'a reference takes one "| format", as {{ nodes | num }}'],
    ['{{ p_total_w | mw | w }}', 'expected one format after the key, found 2: "mw", "w"', 'a reference takes one "| format", as {{ p_total_w | w }}'],
    ['{{ nodes || int }}', 'expected one format after the key, found 2: "", "int"', 'a reference takes one "| format", as {{ nodes | num }}'],
    ['{{ nodes | }}', 'expected a format after "|", found nothing', 'write {{ nodes | num }}, or drop the "|"; formats that fit: num, int, fixed:N, raw'],
    [
      '{{ p_total_w |}}',
      'expected a format after "|", found nothing',
      'write {{ p_total_w | w }}, or drop the "|"; formats that fit: w, kw, mw, num, int, fixed:N, raw',
    ],
    ['{{ p_total_w | megawatts }}', 'unknown format "megawatts"', 'formats: num, int, fixed, w, kw, mw, pct, ratio, raw'],
    ['{{ p_total_w | MW }}', 'unknown format "MW"', 'did you mean "mw"?'],
    ['{{ gpus_per_mw | fixed }}', 'format "fixed" needs its number of decimals, 0 to 20, after a colon, found "fixed"', 'write {{ gpus_per_mw | fixed:1 }}'],
    [
      '{{ gpus_per_mw | fixed:x }}',
      'format "fixed" needs its number of decimals, 0 to 20, after a colon, found "fixed:x"',
      'write {{ gpus_per_mw | fixed:1 }}',
    ],
    [
      '{{ gpus_per_mw | fixed:21 }}',
      'format "fixed" needs its number of decimals, 0 to 20, after a colon, found "fixed:21"',
      'write {{ gpus_per_mw | fixed:1 }}',
    ],
    ['{{ derived.fabric_share | pct:2 }}', 'format "pct" takes nothing after it, found "pct:2"', 'write {{ derived.fabric_share | pct }}'],
    ['{{ nodes | int:0 }}', 'format "int" takes nothing after it, found "int:0"', 'write {{ nodes | int }}'],
    ['{{ nodes pct }}', 'unexpected "pct" after the key', 'a format follows a "|": {{ nodes | pct }}; a key has no spaces'],
    ['{{ nodes | pct }}', 'format "pct" is for fractions, and nodes is a count', 'formats that fit a count: num, int, fixed:N, raw'],
    ['{{ limited_by | fixed:2 }}', 'format "fixed" is for numbers, and limited_by is text', 'formats that fit text: raw'],
  ])('refuses %s at its line and column, saying what was expected', (reference, message, hint) => {
    const diagnostics = diagnosticsOf(reference)
    expect(diagnostics).toHaveLength(1)
    expect(diagnostics[0]).toMatchObject({ code: 'MWP_MEMO_REFERENCE', severity: 'error', position: { line: 3, column: 14 }, hint })
    // The message starts with the reference, spaced as mwpack writes references.
    expect(diagnostics[0]!.message).toMatch(/^\{\{ .* \}\}: /)
    expect(diagnostics[0]!.message.endsWith(`}}: ${message}`)).toBe(true)
  })

  it.each([
    ['{{ gpus_per_mw | fixed:0 }}', '722'],
    ['{{ gpus_per_mw | fixed:3 }}', '721.600'],
    ['{{ p_total_w|mw }}', '4.999 MW'],
    ['{{ derived.fabric_share | pct }}', '8%'],
  ])('still reads %s as %s', (reference, text) => {
    const r = resolveReferences(`${reference}\n`, 'memo.md', report)
    expect(r.diagnostics).toEqual([])
    expect(r.markdown).toBe(`${text}\n`)
  })

  it('fails mwpack build at the reference, writing nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mwpack-pipes-'))
    writeFileSync(join(dir, 'pipes.memo.md'), '# Pipes\n\nThe cluster holds {{ nodes | pct | bogus }} nodes.\n')
    writeFileSync(join(dir, 'pipes.cluster.json'), JSON.stringify({ ...loadConfig('fixtures/reference/h100-5mw-64port.cluster.json'), $schema: undefined }))
    const run = mwpack(['build', 'pipes.memo.md', '--out', 'out'], { cwd: dir })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(
      'pipes.memo.md:3:19: error: {{ nodes | pct | bogus }}: expected one format after the key, found 2: "pct", "bogus"; a reference takes one "| format", as {{ nodes | num }} [MWP_MEMO_REFERENCE]',
    )
    expect(existsSync(join(dir, 'out'))).toBe(false)
    expect(formatDiagnostic(diagnosticsOf('{{ nodes | pct | bogus }}')[0]!)).toMatch(/^memo\.md:3:14: error: /)
  })
})
