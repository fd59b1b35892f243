import { readFileSync } from 'node:fs'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { resolveReferences } from '../../src/index.js'
import { ROOT } from '../helpers/cli.js'
import { loadConfig, solve } from '../helpers/configs.js'

// The re-parse of the resolved memo, watched: each call is two parses the rule in adds-only-words.ts did not spare.
const reparse = vi.hoisted(() => ({ calls: 0 }))
vi.mock('../../src/memo/check-structure.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/memo/check-structure.js')>()
  return {
    ...actual,
    structureShift: (...args: Parameters<typeof actual.structureShift>) => {
      reparse.calls++
      return actual.structureShift(...args)
    },
  }
})

const report = solve(loadConfig('playground/5mw.cluster.json'))
beforeEach(() => {
  reparse.calls = 0
})

describe('the structure check of a resolved memo', () => {
  it('does not parse the flagship memo again: the rule decides every value of it', () => {
    const memo = readFileSync(`${ROOT}/playground/5mw.memo.md`, 'utf8')
    const resolved = resolveReferences(memo, '5mw.memo.md', report)
    expect(resolved.diagnostics).toEqual([])
    expect(resolved.resolved).toBeGreaterThan(100)
    expect(reparse.calls).toBe(0)
  })

  it('parses again where the rule cannot tell, and refuses a value that does change the structure, at its line', () => {
    // `{{ derived.rails_per_node }}` reads 8: at a paragraph's start "8. " opens an ordered list.
    const resolved = resolveReferences('# Memo\n\n{{ derived.rails_per_node }}. Rails\n', 'x.memo.md', report)
    expect(reparse.calls).toBe(1)
    expect(resolved.diagnostics.map((d) => [d.code, d.message, d.position])).toEqual([
      ['MWP_MEMO_REFERENCE', "a resolved value changes the memo's structure near line 3", { line: 3, column: 1 }],
    ])
  })

  it('parses again where the rule cannot tell, and resolves a value that keeps the structure', () => {
    const resolved = resolveReferences('# Memo\n\nSee [{{ nodes }} nodes](#memo).\n', 'x.memo.md', report)
    expect(reparse.calls).toBe(1)
    expect(resolved.diagnostics).toEqual([])
    expect(resolved.markdown).toBe(`# Memo\n\nSee [${report.nodes} nodes](#memo).\n`)
  })

  it('needs no parse on a continuation line where a number other than 1 cannot open a list', () => {
    const resolved = resolveReferences('# Memo\n\nThe fabric serves\n{{ derived.fabric_full_nodes }}. Then more.\n', 'x.memo.md', report)
    expect(resolved.diagnostics).toEqual([])
    expect(reparse.calls).toBe(0)
  })
})
