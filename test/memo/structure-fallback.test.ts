import { describe, expect, it } from 'vitest'
import { resolveReferences } from '../../src/index.js'
import { loadConfig, solve } from '../helpers/configs.js'

// The rule in adds-only-words.ts cannot tell for these values (test/memo/adds-only-words.test.ts shows it
// says so for each shape); the resolver then parses the resolved memo and compares structures.
const report = solve(loadConfig('playground/5mw.cluster.json'))

describe('the structure check of a resolved memo, where the rule cannot tell', () => {
  it('refuses a value that does change the structure, at its line', () => {
    // `{{ derived.rails_per_node }}` reads 8: at a paragraph's start "8. " opens an ordered list.
    const resolved = resolveReferences('# Memo\n\n{{ derived.rails_per_node }}. Rails\n', 'x.memo.md', report)
    expect(resolved.diagnostics.map((d) => [d.code, d.message, d.position])).toEqual([
      ['MWP_MEMO_REFERENCE', "a resolved value changes the memo's structure near line 3", { line: 3, column: 1 }],
    ])
  })

  it('resolves a value that keeps the structure', () => {
    const resolved = resolveReferences('# Memo\n\nSee [{{ nodes }} nodes](#memo).\n', 'x.memo.md', report)
    expect(resolved.diagnostics).toEqual([])
    expect(resolved.markdown).toBe(`# Memo\n\nSee [${report.nodes} nodes](#memo).\n`)
  })

  it('resolves a number other than 1 on a continuation line, where it cannot open a list', () => {
    const resolved = resolveReferences('# Memo\n\nThe fabric serves\n{{ derived.fabric_full_nodes }}. Then more.\n', 'x.memo.md', report)
    expect(resolved.diagnostics).toEqual([])
  })
})
