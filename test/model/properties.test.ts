import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sizeAtNodes, type ClusterConfig } from '../../src/index.js'
import { sameFabricUntil } from '../../src/cluster/fabric-shape.js'
import { arbitraryConfig, arbitraryV2Config, solve } from '../helpers/configs.js'
import { linearScan, oracle, oracleBudget, oracleLimitedBy } from '../helpers/model-oracle.js'

// Fixed seeds: a failure reproduces exactly; change the seed to explore further.
const runs = { numRuns: 1500, seed: 20261122 }

/** The model's v1 configs, and v2 configs with every block on and off. */
const families: Array<[string, fc.Arbitrary<ClusterConfig>]> = [
  ['v1 configs', arbitraryConfig],
  ['v2 configs', arbitraryV2Config],
]

describe.each(families)('the solver on random %s, against an independent reading of the contract', (_, configs) => {
  it('finds the same node count as a linear scan over every count (INV-004)', () => {
    fc.assert(
      fc.property(configs, (config) => {
        expect(solve(config).nodes).toBe(linearScan(config))
      }),
      runs,
    )
  })

  it('never reports a cluster over the usable cap, off the floor or one that cannot be wired (INV-001)', () => {
    fc.assert(
      fc.property(configs, (config) => {
        const report = solve(config)
        const o = oracle(config, report.nodes)
        expect(o.fits).toBe(true)
        expect(report.p_total_w).toBeLessThanOrEqual(report.usable_cap_w)
        expect(report.p_total_w).toBe(o.pTotal)
        expect([report.tiers, report.leaves, report.spines, report.cores, report.host_ports]).toEqual([o.tiers, o.L, o.S, o.C, o.H])
        expect([report.p_switching_w, report.p_optics_w, report.p_other_it_w]).toEqual([o.pSwitching, o.pOptics, o.pOther])
        expect(report.p_rack_w).toBe(config.rack ? o.pRack : null)
        expect(report.racks).toBe(config.rack ? o.racks : null)
        // Exact in milliwatts: the difference of the two figures as the report states them.
        expect(Math.round(report.headroom_w * 1000)).toBe(Math.round(report.usable_cap_w * 1000) - Math.round(report.p_total_w * 1000))
      }),
      runs,
    )
  })

  it('states the budget as the contract rounds it: the grid to the milliwatt, the IT cap and the margin rounded down', () => {
    fc.assert(
      fc.property(configs, (config) => {
        const report = solve(config)
        const budget = oracleBudget(config)
        expect(report.it_cap_w).toBe(Number(budget.itCapMw) / 1000)
        expect(report.usable_cap_w).toBe(Number(budget.usableMw) / 1000)
        expect(report.margin_w).toBe(Number(budget.itCapMw - budget.usableMw) / 1000)
        expect(report.grid_w).toBe(budget.gridMw === undefined ? null : Number(budget.gridMw) / 1000)
        expect(report.usable_cap_w).toBeLessThanOrEqual(report.it_cap_w)
      }),
      runs,
    )
  })

  it('gives at least as many nodes for a larger cap or grid connection', () => {
    fc.assert(
      fc.property(configs, fc.integer({ min: 1, max: 500 }), (config, extraKw) => {
        const larger: ClusterConfig = config.facility
          ? { ...config, facility: { ...config.facility, grid_mw: (Math.round(config.facility.grid_mw * 1000) + extraKw) / 1000 } }
          : { ...config, it_cap_mw: (Math.round(config.it_cap_mw * 1000) + extraKw) / 1000 }
        expect(solve(larger).nodes).toBeGreaterThanOrEqual(solve(config).nodes)
      }),
      runs,
    )
  })

  it('names the right limit for one more step of nodes: space, else fabric, else power', () => {
    fc.assert(
      fc.property(configs, (config) => {
        const report = solve(config)
        const step = config.rack?.whole_racks ? config.rack.nodes_per_rack : 1
        expect(report.limited_by).toBe(oracleLimitedBy(config, report.nodes))
        const next = oracle(config, report.nodes + step)
        expect(next.fits).toBe(false)
        if (report.limited_by === 'power') expect(next.pTotal).toBeGreaterThan(next.usableW)
      }),
      runs,
    )
  })

  it('reports zero nodes exactly as INV-006 requires', () => {
    fc.assert(
      fc.property(configs, (config) => {
        const report = solve(config)
        expect(report.feasible).toBe(true)
        expect(report.status === 'no_feasible_nonzero').toBe(report.nodes === 0)
        if (report.nodes === 0) expect([report.tiers, report.p_total_w, report.gpus, report.p_other_it_w]).toEqual([0, 0, 0, 0])
      }),
      runs,
    )
  })

  it('gives, at the answer, the same report from a fixed node count, status ok', () => {
    fc.assert(
      fc.property(configs, (config) => {
        const report = solve(config)
        const fixed = sizeAtNodes(config, report.nodes)
        expect(fixed.ok).toBe(true)
        if (!fixed.ok) return
        const { limited_by, status, nodes_at_nameplate, power_capping, ...same } = fixed.value
        expect([status, limited_by, nodes_at_nameplate, power_capping]).toEqual(['ok', null, null, null])
        const { limited_by: l, status: s, nodes_at_nameplate: n, power_capping: p, ...solved } = report
        expect(same).toEqual(solved)
      }),
      { numRuns: 300, seed: 5 },
    )
  })

  it('answers the nameplate question as a solve without provisioned_w would', () => {
    fc.assert(
      fc.property(configs, (config) => {
        const report = solve(config)
        if (config.node.provisioned_w === undefined) {
          expect(report.nodes_at_nameplate).toBeNull()
          return
        }
        const { provisioned_w, ...node } = config.node
        const nameplate = { ...config, node }
        const rack = config.rack
        const rackBreaks = rack?.max_rack_kw !== undefined && rack.nodes_per_rack * report.p_node_nameplate_w + rack.rack_w > rack.max_rack_kw * 1000
        expect(report.nodes_at_nameplate).toBe(rackBreaks ? null : linearScan(nameplate))
      }),
      { numRuns: 500, seed: 9 },
    )
  })
})

describe('the fabric runs the optimizer relies on', () => {
  it('knows where each run of node counts sharing one fabric ends: same switches up to it, another leaf after', () => {
    fc.assert(
      fc.property(arbitraryV2Config, fc.integer({ min: 1, max: 3000 }), (config, n) => {
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
})
