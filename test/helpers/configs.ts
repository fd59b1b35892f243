import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { sizeCluster, validateClusterConfig, type ClusterConfig, type ClusterReport } from '../../src/index.js'
import { ROOT } from './cli.js'

/** A config file from the fixtures, validated as users' files are. */
export function loadConfig(relativePath: string): ClusterConfig {
  const file = `${ROOT}/${relativePath}`
  const result = validateClusterConfig(readFileSync(file, 'utf8'), relativePath)
  if (!result.ok) throw new Error(`fixture ${relativePath} is invalid: ${JSON.stringify(result.diagnostics)}`)
  return result.value.config
}

/** The model's answer for a config that must size: the report itself, or a failed test naming the diagnostics. */
export function solve(config: ClusterConfig): ClusterReport {
  const sized = sizeCluster(config)
  if (!sized.ok) throw new Error(`the model refused the config: ${JSON.stringify(sized.diagnostics)}`)
  return sized.value
}

/** The H100-class reference node and 64-port fabric of docs/model.md, with overrides. */
export function referenceConfig(overrides: { it_cap_mw?: number; min_nodes?: number; other_it_w?: number } = {}): ClusterConfig & { it_cap_mw: number } {
  const base = loadConfig('fixtures/reference/h100-5mw-64port.cluster.json') as ClusterConfig & { it_cap_mw: number }
  return { ...base, ...overrides }
}

/**
 * Configs with every optional key and block present, as written in
 * cluster.json (before defaults). Blocks that exclude each other are split
 * over several configs, so every key the schema knows is in one of them
 * (test/config/number-bounds.test.ts checks that).
 */
export function fullConfigs(): Array<Record<string, unknown>> {
  const reference = JSON.parse(readFileSync(`${ROOT}/fixtures/reference/h100-5mw-64port.cluster.json`, 'utf8')) as Record<string, any>
  const full: Record<string, unknown> = {
    ...reference,
    margin_fraction: 0.1,
    min_nodes: 1,
    other_it_w: 1000,
    other_it_per_node_w: 50,
    node: { ...reference.node, provisioned_w: 8400 },
    rack: { nodes_per_rack: 4, rack_w: 500, max_rack_kw: 40, whole_racks: true, max_racks: 1000 },
    fabric: { ...reference.fabric, core: { name: 'core', ports: 64, w: 747 }, planes: 2 },
    power_capping: {
      curve: [
        [0.5, 0.7],
        [1, 1],
      ],
      min_fraction: 0.5,
    },
  }
  const { it_cap_mw, ...withoutCap } = full
  return [full, { ...withoutCap, facility: { grid_mw: 6.25, peak_pue: 1.25 } }]
}

/** Watts in half-watt steps: exact in binary floating point, so an independent float oracle agrees exactly. */
const halfWatts = (min: number, max: number) => fc.integer({ min: min * 2, max: max * 2 }).map((n) => n / 2)

/**
 * Random but plausible clusters, small enough (at most a few thousand nodes)
 * that a linear scan over every node count stays cheap.
 */
export const arbitraryConfig: fc.Arbitrary<ClusterConfig & { it_cap_mw: number }> = fc
  .record({
    gpus: fc.integer({ min: 1, max: 16 }),
    gpuW: halfWatts(50, 1500),
    cpuW: halfWatts(0, 1500),
    dramW: halfWatts(0, 600),
    nvmeW: halfWatts(0, 400),
    nicW: halfWatts(0, 60),
    auxW: halfWatts(0, 4000),
    nics: fc.integer({ min: 1, max: 8 }),
    portsPerNic: fc.integer({ min: 1, max: 2 }),
    leafPorts: fc.constantFrom(4, 8, 16, 32, 48, 64, 64, 128),
    spinePorts: fc.constantFrom(1, 2, 8, 32, 64, 64, 128, 128, 256),
    corePorts: fc.option(fc.constantFrom(2, 8, 32, 64, 128, 256), { nil: undefined }),
    leafW: halfWatts(1, 2000),
    spineW: halfWatts(1, 2000),
    coreW: halfWatts(1, 2000),
    hostShare: fc.double({ min: 0, max: 1, noNaN: true }),
    uplinkShare: fc.double({ min: 0, max: 1, noNaN: true }),
    opticW: halfWatts(0, 20),
    hostEndW: halfWatts(0, 20),
    rail: fc.boolean(),
    otherItW: fc.oneof(fc.constant(0), halfWatts(0, 50_000)),
    nodeBudget: fc.integer({ min: 0, max: 2500 }),
    capJitterKw: fc.integer({ min: 0, max: 100 }),
  })
  .map((r): ClusterConfig & { it_cap_mw: number } => {
    const pNode = r.gpus * r.gpuW + r.cpuW + r.dramW + r.nvmeW + r.nics * r.nicW + r.auxW
    const h = 1 + Math.floor(r.hostShare * (r.leafPorts - 2))
    const u = 1 + Math.floor(r.uplinkShare * (r.leafPorts - h - 1))
    // Caps in whole kilowatts, so it_cap_mw * 1e6 is exact too.
    const capKw = Math.max(1, Math.round((r.nodeBudget * pNode) / 1000) + r.capJitterKw)
    const spine = { name: 'spine', ports: r.spinePorts, w: r.spineW }
    return {
      it_cap_mw: capKw / 1000,
      margin_fraction: 0,
      min_nodes: 0,
      other_it_w: r.otherItW,
      other_it_per_node_w: 0,
      node: {
        name: 'random node',
        gpus_per_node: r.gpus,
        gpu_w: r.gpuW,
        cpu_w: r.cpuW,
        dram_w: r.dramW,
        nvme_w: r.nvmeW,
        nic_w: r.nicW,
        node_aux_w: r.auxW,
        nics_per_node: r.nics,
        ports_per_nic_to_fabric: r.portsPerNic,
      },
      fabric: {
        name: 'random fabric',
        leaf: { name: 'leaf', ports: r.leafPorts, w: r.leafW },
        spine,
        core: r.corePorts ? { name: 'core', ports: r.corePorts, w: r.coreW } : spine,
        leaf_host_ports: h,
        leaf_uplink_ports: u,
        optic_w_per_link_end: r.opticW,
        host_link_node_end_w: r.hostEndW,
        host_link_gbps: 400,
        uplink_gbps: 400,
        rail_optimized: r.rail,
        planes: 1,
      },
    }
  })

/** The nameplate of a config's node, in watts (exact for the half-watt values generated here). */
function nameplateW(node: ClusterConfig['node']): number {
  return node.gpus_per_node * node.gpu_w + node.cpu_w + node.dram_w + node.nvme_w + node.nics_per_node * node.nic_w + node.node_aux_w
}

/**
 * Random v2 clusters: every v2 block on and off independently (a facility
 * block or an IT cap, a margin, measured node power below or above the
 * nameplate, per-node other IT, racks with rack power, a hall limit, whole
 * racks and a floor limit, fabric planes), as small as arbitraryConfig.
 * Every config satisfies the schema's rules (planes divide the ports, a full
 * rack fits the hall), as a validated config would.
 */
export const arbitraryV2Config: fc.Arbitrary<ClusterConfig> = fc
  .record({
    base: arbitraryConfig,
    facility: fc.option(fc.record({ pueHundredths: fc.integer({ min: 100, max: 300 }) }), { nil: undefined }),
    marginHundredths: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 50 })),
    provisionedShare: fc.option(fc.integer({ min: 40, max: 120 }), { nil: undefined }),
    otherPerNodeW: fc.oneof(fc.constant(0), halfWatts(0, 500)),
    rack: fc.option(
      fc.record({
        nodesPerRack: fc.integer({ min: 1, max: 8 }),
        rackW: fc.oneof(fc.constant(0), halfWatts(0, 5000)),
        hallKw: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
        wholeRacks: fc.boolean(),
        maxRacks: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
      }),
      { nil: undefined },
    ),
    planeChoice: fc.nat(),
  })
  .map(({ base, facility, marginHundredths, provisionedShare, otherPerNodeW, rack, planeChoice }): ClusterConfig => {
    const nameplate = nameplateW(base.node)
    // Measured power in half watts between 40% and 120% of the nameplate, never below the GPUs alone
    // (a capped node must keep drawing something; the schema's capped-node rule).
    const gpuW = base.node.gpus_per_node * base.node.gpu_w
    const provisioned = provisionedShare === undefined ? undefined : Math.max(gpuW + 0.5, Math.round((nameplate * provisionedShare) / 50) / 2)
    const node = provisioned === undefined ? base.node : { ...base.node, provisioned_w: provisioned }
    const pNode = provisioned ?? nameplate
    const rails = node.nics_per_node * node.ports_per_nic_to_fabric
    const divisors = Array.from({ length: rails }, (_, i) => i + 1).filter((d) => rails % d === 0)
    const planes = divisors[planeChoice % divisors.length]!
    const rackSpec = rack && {
      nodes_per_rack: rack.nodesPerRack,
      rack_w: rack.rackW,
      // A hall limit a full rack fits under, in whole kilowatts, with up to 20 kW to spare.
      ...(rack.hallKw !== undefined && { max_rack_kw: Math.ceil((rack.nodesPerRack * pNode + rack.rackW) / 1000) + rack.hallKw }),
      whole_racks: rack.wholeRacks,
      ...(rack.maxRacks !== undefined && { max_racks: rack.maxRacks }),
    }
    const { it_cap_mw, ...rest } = base
    const body = {
      ...rest,
      margin_fraction: marginHundredths / 100,
      other_it_per_node_w: otherPerNodeW,
      node,
      ...(rackSpec && { rack: rackSpec }),
      fabric: { ...base.fabric, planes },
    }
    // With a facility block the same watts are bought at the meter: grid = cap * PUE, in whole kilowatts.
    if (!facility) return { it_cap_mw, ...body }
    const gridKw = Math.max(1, Math.round((it_cap_mw * 1000 * facility.pueHundredths) / 100))
    return { facility: { grid_mw: gridKw / 1000, peak_pue: facility.pueHundredths / 100 }, ...body }
  })
