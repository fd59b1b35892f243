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

/** The H100-class reference node and 64-port fabric of spec/model.md, with overrides. */
export function referenceConfig(overrides: { it_cap_mw?: number; min_nodes?: number; other_it_w?: number } = {}): ClusterConfig {
  return { ...loadConfig('fixtures/reference/h100-5mw-64port.cluster.json'), ...overrides }
}

/**
 * Configs with every optional key and block present, as written in
 * cluster.json (before defaults). Blocks that exclude each other are split
 * over several configs, so every key the schema knows is in one of them
 * (test/config/number-bounds.test.ts checks that).
 */
export function fullConfigs(): Array<Record<string, unknown>> {
  const reference = JSON.parse(readFileSync(`${ROOT}/fixtures/reference/h100-5mw-64port.cluster.json`, 'utf8')) as Record<string, any>
  const full = {
    ...reference,
    min_nodes: 1,
    other_it_w: 1000,
    fabric: { ...reference.fabric, core: { name: 'core', ports: 64, w: 747 } },
    power_capping: {
      curve: [
        [0.5, 0.7],
        [1, 1],
      ],
      min_fraction: 0.5,
    },
  }
  return [full]
}

/** Watts in half-watt steps: exact in binary floating point, so an independent float oracle agrees exactly. */
const halfWatts = (min: number, max: number) => fc.integer({ min: min * 2, max: max * 2 }).map((n) => n / 2)

/**
 * Random but plausible clusters, small enough (at most a few thousand nodes)
 * that a linear scan over every node count stays cheap.
 */
export const arbitraryConfig: fc.Arbitrary<ClusterConfig> = fc
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
  .map((r): ClusterConfig => {
    const pNode = r.gpus * r.gpuW + r.cpuW + r.dramW + r.nvmeW + r.nics * r.nicW + r.auxW
    const h = 1 + Math.floor(r.hostShare * (r.leafPorts - 2))
    const u = 1 + Math.floor(r.uplinkShare * (r.leafPorts - h - 1))
    // Caps in whole kilowatts, so it_cap_mw * 1e6 is exact too.
    const capKw = Math.max(1, Math.round((r.nodeBudget * pNode) / 1000) + r.capJitterKw)
    const spine = { name: 'spine', ports: r.spinePorts, w: r.spineW }
    return {
      it_cap_mw: capKw / 1000,
      min_nodes: 0,
      other_it_w: r.otherItW,
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
      },
    }
  })
