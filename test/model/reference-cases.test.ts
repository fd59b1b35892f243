import { describe, expect, it } from 'vitest'
import { fabricShape } from '../../src/index.js'
import { loadConfig, referenceConfig, solve } from '../helpers/configs.js'

describe('the v1 reference cases, unchanged under v2', () => {
  it('fits 451 H100-class nodes in 5 MW on 64-port switches, in three tiers', () => {
    const report = solve(loadConfig('fixtures/reference/h100-5mw-64port.cluster.json'))
    expect(report).toMatchObject({
      status: 'ok',
      limited_by: 'power',
      it_cap_w: 5_000_000,
      nodes: 451,
      gpus: 3608,
      gpus_per_mw: 721.6,
      tiers: 3,
      leaves: 120,
      spines: 128,
      cores: 64,
      host_ports: 3608,
      uplinks_total: 3840,
      spine_uplinks_total: 4096,
      p_node_w: 10_200,
      p_node_total_w: 4_600_200,
      p_switching_w: 233_064,
      p_optics_w: 165_580,
      p_other_it_w: 0,
      p_total_w: 4_998_844,
      headroom_w: 1156,
    })
  })

  it('fits 4 nodes on one switch in a 50 kW lab, with no phantom spine', () => {
    const report = solve(loadConfig('fixtures/reference/h100-50kw-lab.cluster.json'))
    expect(report).toMatchObject({ nodes: 4, tiers: 1, leaves: 1, spines: 0, cores: 0, p_switching_w: 747, p_optics_w: 272, p_total_w: 41_819 })
    expect(report.oversubscription_ratio).toBeNull()
  })

  it.each([
    [32, 8, 4],
    [64, 16, 8],
    [96, 24, 16],
    [128, 32, 16],
  ])('wires %i nodes as NVIDIA builds the DGX H100 SuperPOD: %i leaves, %i spines', (nodes, leaves, spines) => {
    const shape = fabricShape(nodes, referenceConfig())
    expect(shape).toMatchObject({ tiers: 2, leaves, spines, cores: 0 })
  })

  it('writes every report v2 key in the contract order, null where a block is absent, inputs last with defaults filled in', () => {
    const report = solve(referenceConfig())
    expect(Object.keys(report)).toEqual([
      'schema_version',
      'feasible',
      'status',
      'limited_by',
      'grid_w',
      'peak_pue',
      'it_cap_w',
      'margin_w',
      'usable_cap_w',
      'nodes',
      'gpus',
      'gpus_per_mw',
      'gpus_per_grid_mw',
      'racks',
      'rack_power_w',
      'tiers',
      'planes',
      'leaves',
      'spines',
      'cores',
      'host_ports',
      'uplinks_total',
      'spine_uplinks_total',
      'oversubscription_ratio',
      'leaf_oversubscription_ratio',
      'p_node_w',
      'p_node_nameplate_w',
      'p_node_total_w',
      'p_switching_w',
      'p_optics_w',
      'p_rack_w',
      'p_other_it_w',
      'p_total_w',
      'facility_w',
      'headroom_w',
      'nodes_at_nameplate',
      'power_capping',
      'inputs',
    ])
    expect(report).toMatchObject({
      schema_version: 'mwpack.cluster_report/v2',
      grid_w: null,
      peak_pue: null,
      margin_w: 0,
      usable_cap_w: 5_000_000,
      gpus_per_grid_mw: null,
      racks: null,
      rack_power_w: null,
      planes: 1,
      p_node_nameplate_w: 10_200,
      p_rack_w: null,
      facility_w: null,
      nodes_at_nameplate: null,
      power_capping: null,
    })
    expect(report.inputs.fabric.core).toEqual(report.inputs.fabric.spine)
    expect(report.inputs).toMatchObject({ margin_fraction: 0, other_it_per_node_w: 0, fabric: { planes: 1 } })
    expect(report.inputs).not.toHaveProperty('$schema')
  })
})

describe('the zero-node answer (INV-006)', () => {
  it('reports nodes = 0 as a feasible answer when one node exceeds the cap', () => {
    const report = solve(referenceConfig({ it_cap_mw: 0.01 }))
    expect(report).toMatchObject({
      feasible: true,
      status: 'no_feasible_nonzero',
      limited_by: 'power',
      nodes: 0,
      gpus: 0,
      gpus_per_mw: 0,
      tiers: 0,
      leaves: 0,
      p_total_w: 0,
      p_other_it_w: 0,
      headroom_w: 10_000,
    })
  })

  it('does not count other IT load until a node is built', () => {
    const report = solve(referenceConfig({ it_cap_mw: 0.012, other_it_w: 5000 }))
    expect(report.nodes).toBe(0)
    expect(report.p_other_it_w).toBe(0)
  })

  it('says fabric when the first node cannot be wired', () => {
    const config = referenceConfig({ it_cap_mw: 1 })
    // A 1-port spine cannot form a pod, and 8 rails need more than one 4-port leaf.
    config.fabric = {
      ...config.fabric,
      leaf: { ...config.fabric.leaf, ports: 4 },
      spine: { ...config.fabric.spine, ports: 1 },
      leaf_host_ports: 2,
      leaf_uplink_ports: 2,
    }
    config.fabric.core = config.fabric.spine
    const report = solve(config)
    expect(report).toMatchObject({ nodes: 0, status: 'no_feasible_nonzero', limited_by: 'fabric' })
  })
})

describe('limits and statuses', () => {
  it('stops at the fabric when the core runs out of ports for pods', () => {
    const config = referenceConfig({ it_cap_mw: 100 })
    config.fabric.core = { name: 'small core', ports: 4, w: 747 }
    const report = solve(config)
    // Pods of 32 leaves (4 rail groups of 32 nodes): 4 core ports allow 4 pods = 512 nodes.
    expect(report).toMatchObject({ limited_by: 'fabric', nodes: 512, tiers: 3 })
  })

  it('flags a cluster below min_nodes but still reports it', () => {
    const report = solve(referenceConfig({ min_nodes: 500 }))
    expect(report).toMatchObject({ status: 'below_min_nodes', nodes: 451, feasible: true })
  })

  it('computes oversubscription from host and uplink bandwidth', () => {
    const config = referenceConfig({ it_cap_mw: 1 })
    config.fabric = { ...config.fabric, leaf_host_ports: 48, leaf_uplink_ports: 16, uplink_gbps: 800 }
    const report = solve(config)
    expect(report.leaf_oversubscription_ratio).toBe((48 * 400) / (16 * 800))
    expect(report.oversubscription_ratio).toBe((report.host_ports * 400) / (report.uplinks_total * 800))
  })

  it('counts optics at the node end of host links when the node rating does not include them', () => {
    const config = referenceConfig({ it_cap_mw: 0.05 })
    config.fabric.host_link_node_end_w = 9
    const report = solve(config)
    expect(report.p_optics_w).toBe(report.host_ports * (9 + 8.5))
  })
})
