import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findReferences, sizeAtNodes, sizeCluster, type ClusterConfig } from '../../src/index.js'
import { fabricShape } from '../../src/cluster/fabric-shape.js'
import { ROOT } from '../helpers/cli.js'
import { inProcess } from '../helpers/in-process.js'
import { loadConfig } from '../helpers/configs.js'
import { tempDir } from '../helpers/tree.js'

/** Builds a copy of a playground memo, optionally with its config changed first, and returns the memo and report. */
async function buildMemo(name: string, change?: (config: Record<string, any>) => void, memoFile = `${ROOT}/playground/${name}.memo.md`) {
  const dir = tempDir()
  cpSync(memoFile, join(dir, `${name}.memo.md`))
  const config = JSON.parse(readFileSync(`${ROOT}/playground/${name}.cluster.json`, 'utf8'))
  delete config.$schema
  change?.(config)
  writeFileSync(join(dir, `${name}.cluster.json`), JSON.stringify(config, null, 2))
  const result = await inProcess(['build', `${name}.memo.md`], { cwd: dir })
  expect(result.code, result.stderr).toBe(0)
  return {
    stderr: result.stderr,
    memo: readFileSync(join(dir, `dist/${name}/memo.md`), 'utf8'),
    report: JSON.parse(readFileSync(join(dir, `dist/${name}/cluster_report.json`), 'utf8')),
  }
}

/** A section of a built or written memo, from its heading to the next. */
function section(memo: string, heading: string): string {
  const start = memo.indexOf(`\n## ${heading}\n`)
  expect(start, heading).toBeGreaterThan(-1)
  const end = memo.indexOf('\n## ', start + 1)
  return memo.slice(start, end === -1 ? undefined : end)
}

/**
 * The memo's own words: live references, code, link targets and the
 * reference list removed, product names (H100, GB200, NVL72, QM9700,
 * Quantum-2) and invariant ids (INV-005) dropped. What is left must hold no digit.
 */
function ownWords(source: string): string {
  const references = source.indexOf('\n## References\n')
  return (references === -1 ? source : source.slice(0, references))
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\{\{[^}]*\}\}/g, '')
    .replace(/`[^`]*`/g, '')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/\b[A-Z]+\d+[A-Z0-9]*\b/g, '')
    .replace(/\b[A-Z][a-z]+-\d\b/g, '')
    .replace(/\bINV-\d+\b/g, '')
}

const MEMOS = ['5mw', 'gb200'] as const

describe('the playground memos', () => {
  for (const name of MEMOS) {
    it(`${name}: states no hardware or result figure in its own words, only through live references`, () => {
      const source = readFileSync(`${ROOT}/playground/${name}.memo.md`, 'utf8')
      const digits = ownWords(source)
        .split('\n')
        .filter((line) => /\d/.test(line))
      expect(digits).toEqual([])
      expect(findReferences(source).length).toBeGreaterThan(40)
    })

    it(`${name}: builds with every reference resolved and no warning, and names a source for every hardware figure`, async () => {
      const { memo, stderr } = await buildMemo(name)
      expect(stderr).toBe('')
      expect(findReferences(memo)).toEqual([])
      const sources = section(memo, 'Hardware figures and sources')
      for (const row of sources.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Figure'))) {
        expect(row.split('|')[3]!.trim(), row).not.toBe('')
      }
      expect(memo).toContain('**placeholders**')
      expect(memo).toContain('(../docs/invariants.md)')
      expect(memo).toContain('(../docs/provenance.md)')
    })
  }

  it('5mw: reads as a decision, in the order a capacity engineer reviews one', async () => {
    const { memo } = await buildMemo('5mw')
    const headings = memo.split('\n').filter((line) => line.startsWith('## '))
    expect(headings).toEqual([
      '## Recommendation',
      '## The power budget: from the meter to the racks',
      '## Node power: measured against nameplate',
      '## Racks and the hall limit',
      '## Storage, management and spares',
      '## The fabric: tiers and the trade study',
      '## GPU power capping: fill the pod, then cap to fit',
      '## Hardware figures and sources',
      '## Review notes',
      '## References',
    ])
    // Tool documentation lives in docs/, not in the memo.
    for (const gone of ['INV-001', 'Runbook', 'gh attestation', 'A constraint lens']) expect(memo).not.toContain(gone)
  })

  it('5mw: shows nameplate and measured node power side by side, and the racks against the hall limit', async () => {
    const { memo, report } = await buildMemo('5mw')
    expect(report.nodes_at_nameplate).toBeLessThan(report.nodes)
    expect(memo).toContain(`Build for **${report.nodes_at_nameplate} to ${report.nodes} nodes**`)
    expect(memo).toContain('| Power per node | 10,200 W | 8,400 W |')
    expect(memo).toContain(`| Nodes under the usable cap | ${report.nodes_at_nameplate} | ${report.nodes} |`)
    // Four nodes at their 10.2 kW rating break the 35 kW air-cooled hall: the config puts three in a rack.
    expect(report.inputs.rack.max_rack_kw).toBe(35)
    expect(memo).toContain('at most\n3 nodes, and one node more brings it\nto 40.8 kW, over the limit')
    expect(memo).toContain(`in ${report.racks} racks`)
    expect(report.p_other_it_w).toBeGreaterThan(0)
  })

  it('5mw: computes the fabric trade study and the tier step rather than arguing them', async () => {
    const { memo, report } = await buildMemo('5mw')
    const config = loadConfig('playground/5mw.cluster.json') as ClusterConfig
    const { power_capping: _, ...uncapped } = config
    const twin = sizeCluster({ ...uncapped, fabric: { ...config.fabric, planes: 2 } } as ClusterConfig)
    if (!twin.ok) throw new Error('the twin-plane config does not size')
    const sized = twin.value
    expect(memo).toContain(`| 1 (this memo) | ${report.tiers} | ${report.leaves} / ${report.spines} / ${report.cores} |`)
    expect(memo).toContain(`| 2 | ${sized.tiers} | ${sized.leaves} / ${sized.spines} / ${sized.cores} |`)
    expect(memo).toContain(`runs\n${sized.nodes} nodes instead of ${report.nodes}`)
    expect(uncapped.fabric.planes).toBe(1)
    // The sweep table has a tiers column, and GPUs per MW fall where it steps from two to three.
    const rows = memo
      .split('\n')
      .filter((line) => /^\| [\d.]+ MW/.test(line))
      .map((line) => line.split('|').map((cell) => cell.trim()))
    const step = rows.findIndex((cells, i) => i > 0 && cells[5] === '3' && rows[i - 1]![5] === '2')
    expect(step).toBeGreaterThan(0)
    expect(Number(rows[step]![4]!.replace(/,/g, ''))).toBeLessThan(Number(rows[step - 1]![4]!.replace(/,/g, '')))
  })

  it('5mw: fills the pod and caps to fit, with figures the model confirms', async () => {
    const { memo, report } = await buildMemo('5mw')
    const config = loadConfig('playground/5mw.cluster.json') as ClusterConfig
    const full = Number(/Wire and rack for (\d+) nodes/.exec(memo)![1])
    // The spines and cores of the cluster serve exactly `full` nodes: one more buys a spine or a core.
    const at = (n: number) => fabricShape(n, config)
    expect([at(full).spines, at(full).cores]).toEqual([report.spines, report.cores])
    expect(at(full + 1).spines + at(full + 1).cores).toBeGreaterThan(report.spines + report.cores)
    // At the stated per-GPU limit the filled cluster fits under the usable cap; a watt more per GPU does not.
    const limit = Number(/set that limit to\s+([\d.,]+) W per GPU/.exec(memo)![1]!.replace(/,/g, ''))
    const { power_capping: _, ...uncapped } = config
    const capped = (perGpu: number) =>
      sizeAtNodes({ ...uncapped, node: { ...config.node, provisioned_w: config.node.provisioned_w! - 8 * (700 - perGpu) } } as ClusterConfig, full)
    const fits = capped(limit)
    const over = capped(limit + 1)
    expect(fits.ok && fits.value.status).toBe('ok')
    expect(over.ok && over.value.status).toBe('over_cap')
  })

  it("5mw: follows the grid connection: a smaller one changes the recommendation's numbers", async () => {
    const five = await buildMemo('5mw')
    const four = await buildMemo('5mw', (config) => {
      config.facility.grid_mw = 4
    })
    expect(four.report.nodes).toBeLessThan(five.report.nodes)
    expect(four.report.nodes_at_nameplate).toBeLessThan(five.report.nodes_at_nameplate)
    const recommendation = (memo: string) => section(memo, 'Recommendation')
    expect(recommendation(four.memo)).toContain(`Build for **${four.report.nodes_at_nameplate} to ${four.report.nodes} nodes**`)
    expect(recommendation(four.memo)).toContain(`**Commit ${four.report.nodes_at_nameplate} nodes now.**`)
    expect(recommendation(four.memo)).toContain('against a connection of 4 MW')
    expect(recommendation(four.memo)).not.toContain(`${five.report.nodes} nodes`)
    expect(four.memo.split('\n')[0]).toBe('# What to build on a 4 MW grid connection')
  })

  it('gb200: sizes whole NVL72-class racks', async () => {
    const { memo, report } = await buildMemo('gb200')
    expect(report.nodes % 18).toBe(0)
    expect(report.racks).toBe(report.nodes / 18)
    expect(memo).toContain(`Build **${report.racks} racks**`)
  })
})

describe('the memo template', () => {
  async function buildTemplate(change?: (config: Record<string, any>) => void) {
    const dir = tempDir()
    cpSync(`${ROOT}/docs/memo_template.md`, join(dir, 'template.md'))
    const config = JSON.parse(readFileSync(`${ROOT}/playground/5mw.cluster.json`, 'utf8'))
    delete config.$schema
    change?.(config)
    writeFileSync(join(dir, 'template.cluster.json'), JSON.stringify(config))
    const result = await inProcess(['build', 'template.md'], { cwd: dir })
    expect(result.stderr).not.toMatch(/error/)
    expect(result.code).toBe(0)
    // The template's opening HTML comment documents the syntax; references there stay literal by design.
    const memo = readFileSync(join(dir, 'dist/template/memo.md'), 'utf8')
    expect(findReferences(memo.replace(/<!--[\s\S]*?-->/, ''))).toEqual([])
    return { memo, report: JSON.parse(readFileSync(join(dir, 'dist/template/cluster_report.json'), 'utf8')) }
  }

  it('follows the outline of the example memo', () => {
    const template = readFileSync(`${ROOT}/docs/memo_template.md`, 'utf8')
    const example = readFileSync(`${ROOT}/playground/5mw.memo.md`, 'utf8')
    const outline = (text: string) => text.split('\n').filter((line) => line.startsWith('## ') && line !== '## References')
    expect(outline(template)).toEqual(outline(example))
  })

  it('builds against the example config, with every reference resolved', async () => {
    const { memo, report } = await buildTemplate()
    expect(report.nodes).toBeGreaterThan(0)
    expect(memo).toContain(`Build for **${report.nodes_at_nameplate} to ${report.nodes} nodes**`)
  })

  it('builds when no node fits, saying zero rather than failing (INV-006)', async () => {
    const { memo, report } = await buildTemplate((config) => {
      config.facility.grid_mw = 0.005
    })
    expect(report.nodes).toBe(0)
    expect(report.status).toBe('no_feasible_nonzero')
    expect(memo).toContain('Build for **0 to 0 nodes**')
  })
})
