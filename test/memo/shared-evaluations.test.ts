import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { configSizings, resolveReferences, sizeConfigFile } from '../../src/index.js'
import { referenceEvaluator } from '../../src/memo/evaluate-reference.js'
import { ROOT } from '../helpers/cli.js'

const memo = readFileSync(`${ROOT}/playground/5mw.memo.md`, 'utf8')
const config = { file: 'playground/5mw.cluster.json', bytes: readFileSync(`${ROOT}/playground/5mw.cluster.json`) }
const reportOf = (outcome: ReturnType<typeof sizeConfigFile>) => {
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.diagnostics))
  return outcome.value.report
}

describe('values cited from a report many memos share', () => {
  it('resolve a memo to the same Markdown as a report of its own does, every time', () => {
    const shared = reportOf(configSizings()(config))
    const own = reportOf(sizeConfigFile(config))
    const fresh = resolveReferences(memo, '5mw.memo.md', own)
    expect(fresh.diagnostics).toEqual([])
    for (let i = 0; i < 3; i++) expect(resolveReferences(memo, '5mw.memo.md', shared).markdown).toBe(fresh.markdown)
  })

  it('are worked out once per report: the evaluator, its sweep and each value are kept with the frozen report', () => {
    const shared = reportOf(configSizings()(config))
    const evaluate = referenceEvaluator(shared)
    expect(referenceEvaluator(shared)).toBe(evaluate)
    const table = { start: 0, end: 17, inner: 'table sweep' }
    expect(evaluate(table, true)).toBe(evaluate({ ...table, start: 40, end: 57 }, true))
    // Where the reference stands is part of its value: a table inline is an error, not the table.
    expect(evaluate(table, false).ok).toBe(false)
    expect(evaluate(table, true).ok).toBe(true)
  })

  it('are kept up to a bound, however many spellings of one reference a long session meets', () => {
    const evaluate = referenceEvaluator(reportOf(configSizings()(config)))
    const spelled = (spaces: number) => ({ start: 0, end: 0, inner: `table${' '.repeat(spaces)}sizing` })
    const first = evaluate(spelled(1), true)
    for (let spaces = 2; spaces <= 3000; spaces++) evaluate(spelled(spaces), true)
    expect(evaluate(spelled(1), true)).toBe(first)
    // Past the bound a value is worked out again each time it is asked for, not kept.
    expect(evaluate(spelled(3001), true)).not.toBe(evaluate(spelled(3001), true))
    expect(evaluate(spelled(3001), true)).toEqual(first)
  })

  it('are not kept for a report that is not frozen, which its owner may still change', () => {
    const own = reportOf(sizeConfigFile(config))
    expect(referenceEvaluator(own)).not.toBe(referenceEvaluator(own))
  })
})
