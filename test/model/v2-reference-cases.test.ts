import { describe, expect, it } from 'vitest'
import { fabricShape, sizeAtNodes, sizeCluster, type ClusterConfig, type NodeCountReport } from '../../src/index.js'
import { referenceConfig, solve } from '../helpers/configs.js'

/** The report for exactly `nodes` nodes, which must be computable. */
function atNodes(config: ClusterConfig, nodes: number): NodeCountReport {
  const outcome = sizeAtNodes(config, nodes)
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.diagnostics))
  return outcome.value
}

/** 8 NICs x 2 ports at 400G (R = 16), two planes, 128-port leaf = spine, h = u = 64, rail-optimized. */
function twinPlane(): ClusterConfig {
  const base = referenceConfig({ it_cap_mw: 100 })
  const switch128 = { name: '128-port 400G switch (placeholder)', ports: 128, w: 1500 }
  return {
    ...base,
    node: { ...base.node, ports_per_nic_to_fabric: 2 },
    fabric: { ...base.fabric, leaf: switch128, spine: switch128, core: switch128, leaf_host_ports: 64, leaf_uplink_ports: 64, planes: 2 },
  }
}

/** A GB200-NVL72-class rack: 18 compute trays of 4 GPUs (6,667 W each at most), NVLink switch trays as rack_w, placeholders. */
function nvl72(maxRackKw = 140): ClusterConfig {
  const base = referenceConfig({ it_cap_mw: 5 })
  return {
    ...base,
    node: {
      name: 'GB200-class compute tray (placeholder)',
      gpus_per_node: 4,
      gpu_w: 1200,
      cpu_w: 840,
      dram_w: 0,
      nvme_w: 200,
      nic_w: 25,
      node_aux_w: 727,
      nics_per_node: 4,
      ports_per_nic_to_fabric: 1,
    },
    rack: { nodes_per_rack: 18, rack_w: 10_800, max_rack_kw: maxRackKw, whole_racks: true },
  }
}

describe('the reference cases of the v2 model', () => {
  it.each([
    [64, 16, 8],
    [128, 32, 16],
    [256, 64, 32],
    [512, 128, 64],
    [1024, 256, 128],
  ])('wires %i nodes as two planes of two tiers: %i leaves, %i spines (the DGX B300 twin-plane design)', (nodes, leaves, spines) => {
    const report = atNodes(twinPlane(), nodes)
    expect(report).toMatchObject({ status: 'ok', tiers: 2, planes: 2, leaves, spines, cores: 0, host_ports: nodes * 16 })
  })

  it('would need three tiers at 1,024 nodes on one plane, where two planes stay at two', () => {
    const onePlane = { ...twinPlane(), fabric: { ...twinPlane().fabric, planes: 1 } }
    expect(atNodes(onePlane, 1024).tiers).toBe(3)
    expect(atNodes(twinPlane(), 1024).tiers).toBe(2)
  })

  it.each([
    [512, 128, 128, 64],
    [1024, 256, 256, 128],
    [2048, 512, 512, 256],
  ])('wires %i H100-class nodes in core groups: %i leaves, %i spines, %i cores (the DGX B200 tables)', (nodes, leaves, spines, cores) => {
    expect(atNodes(referenceConfig(), nodes)).toMatchObject({ tiers: 3, leaves, spines, cores })
  })

  it('gives 3 pods 64 cores in two groups of 32, where v1 gave 48 that cannot be wired evenly', () => {
    const config = referenceConfig()
    expect(fabricShape(384, config)).toMatchObject({ tiers: 3, leaves: 96, spines: 96, cores: 64 })
    expect(fabricShape(384, config, 'v1')).toMatchObject({ cores: 48 })
  })

  it('sizes from the meter: 6.25 MW at a peak PUE of 1.25 is the 5 MW answer', () => {
    const { it_cap_mw, ...rest } = referenceConfig()
    const report = solve({ ...rest, facility: { grid_mw: 6.25, peak_pue: 1.25 } })
    expect(report).toMatchObject({
      grid_w: 6_250_000,
      peak_pue: 1.25,
      it_cap_w: 5_000_000,
      usable_cap_w: 5_000_000,
      nodes: 451,
      p_total_w: 4_998_844,
      facility_w: 6_248_555,
      gpus_per_mw: 721.6,
      gpus_per_grid_mw: 577.28,
    })
    const { grid_w, peak_pue, gpus_per_grid_mw, facility_w, inputs, ...same } = report
    const { grid_w: g, peak_pue: p, gpus_per_grid_mw: m, facility_w: f, inputs: i, ...fromCap } = solve(referenceConfig())
    expect(same).toEqual(fromCap)
  })

  it('fits 534 nodes budgeted at a measured 8.4 kW, in 5 pods, beside the 451 of the nameplate', () => {
    const config = referenceConfig()
    const report = solve({ ...config, node: { ...config.node, provisioned_w: 8400 } })
    expect(report).toMatchObject({
      nodes: 534,
      tiers: 3,
      leaves: 136,
      spines: 160,
      cores: 128,
      p_node_w: 8400,
      p_node_nameplate_w: 10_200,
      nodes_at_nameplate: 451,
    })
    expect(report.p_total_w).toBe(4_999_664)
  })

  it('builds NVL72-class racks whole: nodes a multiple of 18, racks = nodes / 18', () => {
    const report = solve(nvl72())
    expect(report.nodes % 18).toBe(0)
    expect(report.racks).toBe(report.nodes / 18)
    expect(report.rack_power_w).toBe(18 * 6667 + 10_800)
    expect(report.p_rack_w).toBe(report.racks! * 10_800)
    // 35 racks draw 4.58 MW of racks and 296 kW of fabric; a 36th rack would pass 5 MW.
    expect(report).toMatchObject({ nodes: 630, racks: 35, limited_by: 'power', p_total_w: 4_874_654 })
    expect(atNodes(nvl72(), 648).p_total_w).toBe(5_011_236)
    expect(atNodes(nvl72(), 640).status).toBe('not_whole_racks')
  })
})

describe('edges of the v2 model', () => {
  it('answers zero nodes when the grid connection cannot feed one', () => {
    const { it_cap_mw, ...rest } = referenceConfig()
    const report = solve({ ...rest, facility: { grid_mw: 0.012, peak_pue: 1.3 } })
    expect(report).toMatchObject({ nodes: 0, status: 'no_feasible_nonzero', it_cap_w: 9230.769, p_total_w: 0, facility_w: 0, limited_by: 'power' })
  })

  it('builds one whole rack when the floor holds one', () => {
    const config = nvl72()
    const report = solve({ ...config, rack: { ...config.rack!, max_racks: 1 } })
    expect(report).toMatchObject({ nodes: 18, racks: 1, limited_by: 'space' })
  })

  it('says space when the floor, not the power, stops the next rack', () => {
    const config = referenceConfig()
    const report = solve({ ...config, rack: { nodes_per_rack: 4, rack_w: 0, whole_racks: false, max_racks: 50 } })
    expect(report).toMatchObject({ nodes: 200, racks: 50, limited_by: 'space' })
  })

  it('says fabric when the next node can neither be wired nor powered: the fabric is what stops it (v1 said power)', () => {
    const config = referenceConfig({ it_cap_mw: 100 })
    config.fabric.core = { name: 'small core', ports: 4, w: 747 }
    const at512 = atNodes(config, 512)
    const exact = { ...config, it_cap_mw: at512.p_total_w! / 1e6 }
    expect(solve(exact)).toMatchObject({ nodes: 512, limited_by: 'fabric' })
    expect(atNodes(exact, 513)).toMatchObject({ status: 'unbuildable', feasible: false })
  })

  it('sizes a margin of 0 and of 0.5 against what is left', () => {
    const config = referenceConfig({ it_cap_mw: 10 })
    expect(solve({ ...config, margin_fraction: 0 })).toMatchObject({ margin_w: 0, usable_cap_w: 10_000_000, nodes: 903 })
    const half = solve({ ...config, margin_fraction: 0.5 })
    expect(half).toMatchObject({ margin_w: 5_000_000, usable_cap_w: 5_000_000, nodes: 451, headroom_w: 1156 })
  })

  it('sizes a facility at both bounds of the peak PUE: 1 (no overhead) and 3', () => {
    const { it_cap_mw, ...rest } = referenceConfig()
    expect(solve({ ...rest, facility: { grid_mw: 5, peak_pue: 1 } })).toMatchObject({
      grid_w: 5_000_000,
      it_cap_w: 5_000_000,
      nodes: 451,
      p_total_w: 4_998_844,
      facility_w: 4_998_844,
      gpus_per_grid_mw: 721.6,
    })
    expect(solve({ ...rest, facility: { grid_mw: 15, peak_pue: 3 } })).toMatchObject({
      it_cap_w: 5_000_000,
      nodes: 451,
      facility_w: 14_996_532,
    })
  })

  it('keeps the largest margin at the largest PUE, every division rounded down', () => {
    const { it_cap_mw, ...rest } = referenceConfig()
    // 1 MW / 3 is 333,333.333 W; half of it, 166,666.6665 W, rounds down to 166,666.666 W.
    expect(solve({ ...rest, facility: { grid_mw: 1, peak_pue: 3 }, margin_fraction: 0.5 })).toMatchObject({
      it_cap_w: 333_333.333,
      usable_cap_w: 166_666.666,
      margin_w: 166_666.667,
      nodes: 14,
      tiers: 2,
      p_total_w: 157_068,
      facility_w: 471_204,
      headroom_w: 9598.666,
    })
  })

  it('rounds the IT cap down to the milliwatt: a grid that does not divide by the PUE never rounds up', () => {
    const { it_cap_mw, ...rest } = referenceConfig()
    const report = solve({ ...rest, facility: { grid_mw: 1, peak_pue: 1.3 } })
    expect(report.it_cap_w).toBe(769_230.769)
    const margin = solve({ ...rest, facility: { grid_mw: 1, peak_pue: 1.3 }, margin_fraction: 0.07 })
    expect(margin.usable_cap_w).toBe(715_384.615)
  })

  it('splits a small cluster over two planes of one switch each', () => {
    const report = atNodes(twinPlane(), 4)
    expect(report).toMatchObject({ tiers: 1, planes: 2, leaves: 2, spines: 0, cores: 0, host_ports: 64, oversubscription_ratio: null })
  })

  it('counts other IT per node only once a node is built', () => {
    const config = { ...referenceConfig(), other_it_per_node_w: 100, other_it_w: 2000 }
    expect(atNodes(config, 0).p_other_it_w).toBe(0)
    expect(atNodes(config, 10).p_other_it_w).toBe(3000)
  })

  it('warns when provisioned power is above the nameplate, and still sizes at it', () => {
    const config = referenceConfig()
    const sized = sizeCluster({ ...config, node: { ...config.node, provisioned_w: 11_000 } })
    expect(sized.ok && sized.value.nodes).toBe(419)
    expect(sized.diagnostics).toEqual([expect.objectContaining({ code: 'MWP_PROVISIONED_ABOVE_NAMEPLATE', severity: 'warning', path: 'node.provisioned_w' })])
  })

  it('gives no nameplate answer when a nameplate rack would break the hall limit', () => {
    const config = nvl72(130)
    const measured = { ...config, node: { ...config.node, provisioned_w: 6000 } }
    const report = solve(measured)
    expect(report.rack_power_w).toBe(18 * 6000 + 10_800)
    expect(report.nodes_at_nameplate).toBeNull()
    expect(solve({ ...measured, rack: { ...measured.rack!, max_rack_kw: 140 } }).nodes_at_nameplate).toBe(630)
  })
})

describe('a fixed node count', () => {
  it('is ok, over the cap, unbuildable or not whole racks, the first that applies', () => {
    const racks = nvl72()
    expect(atNodes(racks, 630)).toMatchObject({ status: 'ok', feasible: true, limited_by: null })
    expect(atNodes(racks, 648)).toMatchObject({ status: 'over_cap', feasible: false, headroom_w: -11_236 })
    expect(atNodes(racks, 649)).toMatchObject({ status: 'not_whole_racks', feasible: false })
    const floor = { ...racks, rack: { ...racks.rack!, max_racks: 2 } }
    expect(atNodes(floor, 54)).toMatchObject({ status: 'unbuildable', racks: 3 })
    expect(atNodes(floor, 55)).toMatchObject({ status: 'not_whole_racks' })
  })

  it('states no fabric counts and no power for a fabric that cannot be built, and everything else', () => {
    const config = referenceConfig({ it_cap_mw: 1 })
    config.fabric.core = { name: 'small core', ports: 4, w: 747 }
    const report = atNodes(config, 600)
    expect(report).toMatchObject({
      status: 'unbuildable',
      tiers: null,
      leaves: null,
      spines: null,
      cores: null,
      host_ports: null,
      uplinks_total: null,
      spine_uplinks_total: null,
      oversubscription_ratio: null,
      p_switching_w: null,
      p_optics_w: null,
      p_total_w: null,
      headroom_w: null,
      p_node_total_w: 6_120_000,
      nodes_at_nameplate: null,
      power_capping: null,
    })
  })

  it('refuses a count that is not a whole number in range', () => {
    for (const bad of [-1, 1.5, 2e9]) expect(sizeAtNodes(referenceConfig(), bad).diagnostics[0]!.code).toBe('MWP_ARG_INVALID')
  })
})

describe('budgets below a milliwatt', () => {
  it('size zero nodes, at 0 GPUs per MW, from an IT cap or the meter', () => {
    const { it_cap_mw, ...rest } = referenceConfig()
    expect(solve(referenceConfig({ it_cap_mw: 1e-10 }))).toMatchObject({ it_cap_w: 0, nodes: 0, gpus_per_mw: 0 })
    expect(solve({ ...rest, facility: { grid_mw: 1e-10, peak_pue: 1.2 } })).toMatchObject({ grid_w: 0, nodes: 0, gpus_per_mw: 0, gpus_per_grid_mw: 0 })
  })
})
