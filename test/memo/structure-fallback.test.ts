import { readFileSync } from 'node:fs'
import MarkdownIt from 'markdown-it'
import { describe, expect, it } from 'vitest'
import { normalizeMemo, resolveReferences } from '../../src/index.js'
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

describe('the structure check of the flagship memo', () => {
  /**
   * How often the GFM reading (markdown-it) parses while `run` runs, by its prototype, restored after.
   * (commonmark.js puts `parse` on each parser object, not a prototype; the re-check parses in both readings.)
   */
  function gfmParses(run: () => void): number {
    let count = 0
    const parse = MarkdownIt.prototype.parse
    MarkdownIt.prototype.parse = function (this: InstanceType<typeof MarkdownIt>, ...args: Parameters<InstanceType<typeof MarkdownIt>['parse']>) {
      count++
      return parse.apply(this, args)
    }
    try {
      run()
    } finally {
      MarkdownIt.prototype.parse = parse
    }
    return count
  }
  const flagship = normalizeMemo(readFileSync('playground/5mw.memo.md', 'utf8'))

  it('decides every value by the rule: one parse to place them, none to re-check', () => {
    let resolved: ReturnType<typeof resolveReferences> | undefined
    const parses = gfmParses(() => (resolved = resolveReferences(flagship, '5mw.memo.md', report)))
    expect(resolved!.diagnostics).toEqual([])
    expect(resolved!.resolved).toBeGreaterThan(50)
    expect(parses).toBe(1)
  })

  it('parses again once a value the rule cannot judge is added', () => {
    expect(gfmParses(() => resolveReferences(`${flagship}\n[{{ nodes }}](#memo)\n`, '5mw.memo.md', report))).toBe(2)
  })
})
