import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findReferences } from '../../src/index.js'
import { ROOT, mwpack } from '../helpers/cli.js'
import { tempDir } from '../helpers/tree.js'

/** Builds a copy of the playground memo, optionally with the config changed first, and returns the memo and report. */
function buildFlagship(change?: (config: Record<string, any>) => void) {
  const dir = tempDir()
  cpSync(`${ROOT}/playground/5mw.memo.md`, join(dir, '5mw.memo.md'))
  const config = JSON.parse(readFileSync(`${ROOT}/playground/5mw.cluster.json`, 'utf8'))
  change?.(config)
  writeFileSync(join(dir, '5mw.cluster.json'), JSON.stringify(config, null, 2))
  const result = mwpack(['build', '5mw.memo.md', '--strict'], { cwd: dir })
  expect(result.stderr).toBe('')
  expect(result.code).toBe(0)
  return {
    memo: readFileSync(join(dir, 'dist/5mw/memo.md'), 'utf8'),
    report: JSON.parse(readFileSync(join(dir, 'dist/5mw/cluster_report.json'), 'utf8')),
  }
}

const source = readFileSync(`${ROOT}/playground/5mw.memo.md`, 'utf8')

describe('the flagship 5 MW memo', () => {
  const { memo, report } = buildFlagship()

  it('has every section an expert reader expects', () => {
    for (const heading of [
      '## Executive summary',
      '## Constraints and invariants',
      '## The power model',
      '## Topology trade study',
      '## GPU power capping',
      '## Runbook',
      '## Assumptions ledger',
      '## A constraint lens from Koopman operator theory',
    ]) {
      expect(memo).toContain(`${heading}\n`)
    }
    for (const invariant of ['INV-001', 'INV-002', 'INV-003', 'INV-004', 'INV-005', 'INV-006']) expect(memo).toContain(invariant)
  })

  it('states its numbers from the report', () => {
    expect(memo).toContain(`holds **${report.nodes} nodes**`)
    expect(memo).toContain('**3,608 GPUs**, or 721.6 GPUs')
    expect(memo).toContain(`The fabric needs ${report.tiers} tiers: ${report.leaves} leaves, ${report.spines} spines`)
    expect(memo).toContain('| Total | 4,998,844 W | 100% |')
    expect(memo).toContain(`fits\n  ${report.power_capping.nodes} nodes`)
  })

  it('states every power-capping figure through live references, the cited studies aside', () => {
    const section = source.slice(source.indexOf('## GPU power capping'), source.indexOf('## Runbook'))
    const ownWords = section
      .replace(/\{\{[^}]*\}\}/g, '')
      .split('\n\n')
      .filter((paragraph) => !paragraph.startsWith('Published measurements'))
      .join('\n\n')
    expect(ownWords.replace('## GPU power capping', '')).not.toMatch(/\d/)
    const built = memo.slice(memo.indexOf('## GPU power capping'), memo.indexOf('## Runbook'))
    const c = report.power_capping
    expect(built).toContain(`fits ${c.nodes} nodes`)
    expect(built).toContain(`a gain of\n${((c.gain_vs_uncapped - 1) * 100).toFixed(1)}%`)
    expect(built).toContain(`The best point runs each GPU at\n${Math.round(c.gpu_power_w * 10) / 10} W`)
    expect(built).toContain('| IT power cap | Nodes | GPUs | GPUs per MW | Best GPU power | Throughput | Gain |')
  })

  it('resolves every reference in its prose and keeps none unresolved outside code', () => {
    expect(findReferences(source).length).toBeGreaterThan(60)
    const unresolved = findReferences(memo).map((r) => r.inner)
    expect(unresolved).toEqual([])
  })

  it('follows the config: a different GPU wattage changes the figures', () => {
    const hot = buildFlagship((config) => {
      config.node.gpu_w = 1000
    })
    expect(hot.report.nodes).toBeLessThan(report.nodes)
    expect(hot.memo).toContain(`holds **${hot.report.nodes} nodes**`)
    expect(hot.memo).toContain('of which 8,000 W is')
    expect(hot.memo).not.toContain(`holds **${report.nodes} nodes**`)
  })

  it('labels its hardware as placeholders', () => {
    expect(memo).toMatch(/All hardware figures are \*\*placeholders\*\*/)
    expect(memo).toContain('**Placeholder hardware.**')
  })

  it('borrows only the framing from the Koopman papers and cites them exactly (INV-005)', () => {
    const lens = memo.slice(memo.indexOf('## A constraint lens'))
    expect(lens).toContain('DOI 10.1109/CDC45484.2021.9682872')
    expect(lens).toContain('arXiv:2306.17666')
    expect(lens).toContain('this memo claims nothing from them about cluster sizing or performance')
    expect(lens).not.toMatch(/\b(improves|speedup|faster than|outperforms|guarantee)/i)
  })
})

describe('the memo template', () => {
  it('builds against the example config, with every reference resolved', () => {
    const dir = tempDir()
    cpSync(`${ROOT}/docs/memo_template.md`, join(dir, 'template.md'))
    cpSync(`${ROOT}/playground/5mw.cluster.json`, join(dir, 'template.cluster.json'))
    const result = mwpack(['build', 'template.md'], { cwd: dir })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    // The template's opening HTML comment documents the syntax; references there stay literal by design.
    const prose = readFileSync(join(dir, 'dist/template/memo.md'), 'utf8').replace(/<!--[\s\S]*?-->/, '')
    expect(findReferences(prose)).toEqual([])
  })
})
