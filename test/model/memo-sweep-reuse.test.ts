import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { memoSweep } from '../../src/cluster/cap-sweep.js'
import { sizeCluster, type ClusterConfig } from '../../src/index.js'
import { arbitraryV2Config, loadConfig, solve } from '../helpers/configs.js'

/** Every config a memo is built with here: the playground, the examples and the references. */
const NAMED = [
  'playground/5mw.cluster.json',
  'fixtures/reference/h100-5mw-64port.cluster.json',
  'fixtures/reference/h100-50kw-lab.cluster.json',
  'fixtures/examples/b300-twin-plane/b300-twin-plane.cluster.json',
  'fixtures/examples/gb200-nvl72-grid/gb200-nvl72-grid.cluster.json',
  'fixtures/examples/h100-measured-power/h100-measured-power.cluster.json',
]

const CAPPING = loadConfig('playground/5mw.cluster.json').power_capping

describe("the memo sweep at the memo's own value", () => {
  it.each(NAMED)('takes the point from the report of %s and gives the same points as sizing it again', (file) => {
    const config = loadConfig(file)
    const report = solve(config)
    expect(memoSweep(config, report)).toEqual(memoSweep(config))
  })

  it('gives the same points as sizing it again, or the same diagnostics, for any config that sizes', () => {
    fc.assert(
      fc.property(arbitraryV2Config, fc.boolean(), (generated: ClusterConfig, capped) => {
        // The playground's capping curve on half of them: the optimum is the slow part of a point.
        const config = capped ? { ...generated, power_capping: CAPPING } : generated
        const sized = sizeCluster(config)
        fc.pre(sized.ok)
        if (!sized.ok) return
        expect(memoSweep(config, sized.value)).toEqual(memoSweep(config))
      }),
      { numRuns: 150 },
    )
  })

  it('reads the own point from the report given, not from a fresh sizing', () => {
    const config = loadConfig('playground/5mw.cluster.json')
    const report = solve(config)
    // A report that differs from the model's own answer shows which one the fourth point came from.
    const marked = { ...report, nodes: report.nodes + 1 }
    const swept = memoSweep(config, marked)
    expect(swept.ok && swept.value.map((p) => p.nodes)).toEqual(
      (memoSweep(config) as { value: Array<{ nodes: number }> }).value.map((p, i) => (i === 3 ? p.nodes + 1 : p.nodes)),
    )
  })
})
