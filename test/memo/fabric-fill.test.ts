import { describe, expect, it } from 'vitest'
import type { ClusterConfig } from '../../src/index.js'
import { fabricShape } from '../../src/cluster/fabric-shape.js'
import { derivedQuantities } from '../../src/memo/derived-quantities.js'
import { fabricFullNodes } from '../../src/memo/fabric-fill.js'
import { planeStudy } from '../../src/memo/plane-study.js'
import { loadConfig, referenceConfig, solve } from '../helpers/configs.js'

const CURVE = { curve: [[0.5, 0.72] as [number, number], [0.8, 0.955] as [number, number], [1, 1] as [number, number]], min_fraction: 0.5 }

describe('filling the fabric a cluster already has', () => {
  it('finds the last node count before a spine, a core or a tier, one tier at a time', () => {
    const config = referenceConfig()
    // One 64-port leaf takes eight 8-port nodes; two tiers fill in groups of 32 nodes until the spines grow;
    // three tiers fill pods of 128 nodes (32 leaves of 8 rails).
    expect(fabricFullNodes(5, config)).toBe(8)
    expect(fabricFullNodes(451, config)).toBe(512)
    expect(fabricFullNodes(512, config)).toBe(512)
    for (const n of [9, 40, 100, 256, 300, 451, 700]) {
      const full = fabricFullNodes(n, config)
      const [here, at, next] = [fabricShape(n, config), fabricShape(full, config), fabricShape(full + 1, config)]
      expect([at.tiers, at.spines, at.cores], `${n}`).toEqual([here.tiers, here.spines, here.cores])
      expect([next.tiers, next.spines, next.cores], `${n}`).not.toEqual([here.tiers, here.spines, here.cores])
    }
  })

  it('states nothing to fill at zero nodes, and no capped fill without a curve', () => {
    expect(Object.keys(derivedQuantities(solve(referenceConfig({ it_cap_mw: 0.001 }))))).not.toContain('fabric_full_nodes')
    const uncapped = derivedQuantities(solve(referenceConfig()))
    expect(uncapped.fabric_full_nodes).toBe(512)
    expect(uncapped.fabric_free_nodes).toBe(512 - 451)
    expect(uncapped).not.toHaveProperty('fill_nodes')
  })

  it('fills in whole racks when racks are whole scale-up domains', () => {
    const config = loadConfig('playground/gb200.cluster.json')
    const figures = derivedQuantities(solve({ ...config, power_capping: CURVE } as ClusterConfig))
    expect(figures.fill_nodes! % 18).toBe(0)
    expect(figures.fill_nodes).toBeLessThanOrEqual(figures.fabric_full_nodes!)
  })

  it('states no fill when filling needs GPUs below min_fraction', () => {
    const report = solve({
      ...referenceConfig({ it_cap_mw: 4.7 }),
      power_capping: {
        ...CURVE,
        curve: [
          [0.99, 0.99],
          [1, 1],
        ],
        min_fraction: 0.99,
      },
    } as ClusterConfig)
    const figures = derivedQuantities(report)
    expect(figures.fabric_full_nodes).toBeGreaterThan(report.nodes + 10)
    expect(figures).not.toHaveProperty('fill_nodes')
  })
})

describe('the plane study', () => {
  it('sizes every plane count that divides the node ports, the configured one as the report does', () => {
    const config = referenceConfig()
    const study = planeStudy({ ...config, power_capping: CURVE } as ClusterConfig)
    expect(study.ok).toBe(true)
    if (!study.ok) return
    expect(Object.keys(study.value)).toEqual(['1', '2', '4', '8'])
    const report = solve(config)
    expect(study.value['1']).toMatchObject({ nodes: report.nodes, tiers: report.tiers, leaves: report.leaves, spines: report.spines, cores: report.cores })
    // Two planes of four rails keep 512 nodes per plane on two tiers: no cores.
    expect(study.value['2']).toMatchObject({ tiers: 2, cores: 0 })
    expect(study.value['2']!.nodes).toBeGreaterThan(report.nodes)
  })

  it('skips plane counts that do not divide the ports', () => {
    const config = referenceConfig()
    const study = planeStudy({ ...config, node: { ...config.node, nics_per_node: 6 } })
    expect(study.ok && Object.keys(study.value)).toEqual(['1', '2', '3', '6'])
  })
})
