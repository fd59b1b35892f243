import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sameFabricUntil } from '../../src/cluster/fabric-shape.js'
import { arbitraryConfig, solve } from '../helpers/configs.js'
import { linearScan, oracle } from '../helpers/model-oracle.js'

// Fixed seeds: a failure reproduces exactly; change the seed to explore further.
const runs = { numRuns: 2000, seed: 20261122 }

describe('the solver, against an independent reading of spec/model.md', () => {
  it('finds the same node count as a linear scan over every count (INV-004)', () => {
    fc.assert(
      fc.property(arbitraryConfig, (config) => {
        expect(solve(config).nodes).toBe(linearScan(config))
      }),
      runs,
    )
  })

  it('never reports a cluster over the cap or one that cannot be wired (INV-001)', () => {
    fc.assert(
      fc.property(arbitraryConfig, (config) => {
        const report = solve(config)
        const o = oracle(config, report.nodes)
        expect(o.fits).toBe(true)
        expect(report.p_total_w).toBeLessThanOrEqual(report.it_cap_w)
        expect(report.p_total_w).toBe(o.pTotal)
        expect([report.tiers, report.leaves, report.spines, report.cores]).toEqual([o.tiers, o.L, o.S, o.C])
        expect(report.headroom_w).toBe(report.it_cap_w - report.p_total_w)
      }),
      runs,
    )
  })

  it('gives at least as many nodes for a larger cap', () => {
    fc.assert(
      fc.property(arbitraryConfig, fc.integer({ min: 1, max: 500 }), (config, extraKw) => {
        const larger = { ...config, it_cap_mw: config.it_cap_mw + extraKw / 1000 }
        expect(solve(larger).nodes).toBeGreaterThanOrEqual(solve(config).nodes)
      }),
      runs,
    )
  })

  it('names the right limit: power when one more node would exceed the cap, else the fabric', () => {
    fc.assert(
      fc.property(arbitraryConfig, (config) => {
        const report = solve(config)
        const next = oracle(config, report.nodes + 1)
        expect(next.fits).toBe(false)
        if (report.limited_by === 'fabric') {
          expect(next.buildable).toBe(false)
          expect(next.pTotal).toBeLessThanOrEqual(next.capW)
        } else if (next.buildable) {
          expect(next.pTotal).toBeGreaterThan(next.capW)
        }
      }),
      runs,
    )
  })

  it('knows where each run of node counts sharing one fabric ends: same switches up to it, another leaf after', () => {
    fc.assert(
      fc.property(arbitraryConfig, fc.integer({ min: 1, max: 3000 }), (config, n) => {
        const end = sameFabricUntil(n, config)
        expect(end).toBeGreaterThanOrEqual(n)
        const switches = (m: number) => {
          const o = oracle(config, m)
          return [o.tiers, o.L, o.S, o.C, o.U, o.U2, o.buildable]
        }
        for (let m = n; m <= Math.min(end, n + 200); m++) expect(switches(m)).toEqual(switches(n))
        expect(oracle(config, end + 1).L).toBeGreaterThan(oracle(config, n).L)
      }),
      { numRuns: 300, seed: 11 },
    )
  })

  it('reports zero nodes exactly as INV-006 requires', () => {
    fc.assert(
      fc.property(arbitraryConfig, (config) => {
        const report = solve(config)
        expect(report.feasible).toBe(true)
        expect(report.status === 'no_feasible_nonzero').toBe(report.nodes === 0)
        if (report.nodes === 0) expect([report.tiers, report.p_total_w, report.gpus]).toEqual([0, 0, 0])
      }),
      runs,
    )
  })
})
