// The fat tree for N nodes: tiers, leaves, spines, cores and links, per plane and in total.
import type { ClusterConfig, FabricSpec } from './cluster-config.js'

/** Which version of the model's rules: v2 (current) or v1, kept to re-solve reports written by the v1 model. */
export type ModelRules = 'v1' | 'v2'

/** The switches and links a fat tree needs for N nodes, summed over its planes (docs/model.md, "The fabric"). */
export interface FabricShape {
  /** Tiers of one plane (every plane is the same). */
  tiers: 0 | 1 | 2 | 3
  leaves: number
  spines: number
  cores: number
  /** H = N * R, over all planes. */
  hostPorts: number
  /** U: leaf-to-spine links. */
  uplinks: number
  /** U2: spine-to-core links. */
  spineUplinks: number
  /** False when three tiers cannot be wired: more pods than a core has ports, or a spine too small to split. */
  buildable: boolean
}

/** R: fabric ports (rails) per node, over all planes. */
export function railsPerNode(config: Pick<ClusterConfig, 'node'>): number {
  return config.node.nics_per_node * config.node.ports_per_nic_to_fabric
}

/** R / planes: the ports of one node in one plane. The schema guarantees planes divides R. */
export function railsPerPlane(config: Pick<ClusterConfig, 'node' | 'fabric'>): number {
  return railsPerNode(config) / config.fabric.planes
}

/**
 * The fabric for `n` nodes: one plane sized with R / planes ports per node,
 * then every count times the planes. Every count is non-decreasing in n, and
 * once a size cannot be built no larger one can, which is what lets the
 * solver binary-search (proved against a linear scan in the tests).
 */
export function fabricShape(n: number, config: Pick<ClusterConfig, 'node' | 'fabric'>, rules: ModelRules = 'v2'): FabricShape {
  const planes = config.fabric.planes
  const one = planeShape(n, railsPerPlane(config), config.fabric, rules)
  return {
    tiers: one.tiers,
    leaves: planes * one.leaves,
    spines: planes * one.spines,
    cores: planes * one.cores,
    hostPorts: planes * one.hostPorts,
    uplinks: planes * one.uplinks,
    spineUplinks: planes * one.spineUplinks,
    buildable: one.buildable,
  }
}

function planeShape(n: number, r: number, fabric: FabricSpec, rules: ModelRules): FabricShape {
  const { leaf, spine, core, leaf_host_ports: h, leaf_uplink_ports: u, rail_optimized } = fabric
  const hostPorts = n * r
  if (n === 0) return { tiers: 0, leaves: 0, spines: 0, cores: 0, hostPorts: 0, uplinks: 0, spineUplinks: 0, buildable: true }
  // One switch takes every host port it has; no spine, no uplinks.
  if (hostPorts <= leaf.ports) return { tiers: 1, leaves: 1, spines: 0, cores: 0, hostPorts, uplinks: 0, spineUplinks: 0, buildable: true }

  // Rail-optimized: NIC i of every node in a group of h nodes goes to leaf i, so leaves come in sets of R.
  const leaves = rail_optimized ? r * Math.ceil(n / h) : Math.ceil(hostPorts / h)
  const uplinks = leaves * u

  if (leaves <= spine.ports) {
    // Each leaf spreads its u uplinks evenly over the spines, so the spine count divides u;
    // the smallest such divisor with enough ports is what NVIDIA builds (16 spines at 96 nodes, not 12).
    const spines = smallestDivisorAtLeast(u, Math.ceil(uplinks / spine.ports))
    return { tiers: 2, leaves, spines, cores: 0, hostPorts, uplinks, spineUplinks: 0, buildable: true }
  }

  // Three tiers: pods of P leaves, each pod with its own u spines; half of each spine's ports go up.
  const perPod = Math.floor(spine.ports / 2)
  if (perPod < 1) {
    // A one-port spine cannot form a pod. Count what is certain (leaves and host links) so a
    // caller can still say what stopped it.
    return { tiers: 3, leaves, spines: 0, cores: 0, hostPorts, uplinks, spineUplinks: 0, buildable: false }
  }
  const pods = Math.ceil(leaves / perPod)
  const spines = pods * u
  const up = spine.ports - perPod
  const spineUplinks = spines * up
  return {
    tiers: 3,
    leaves,
    spines,
    cores: coreCount(pods, u, up, core.ports, spineUplinks, rules),
    hostPorts,
    uplinks,
    spineUplinks,
    buildable: pods <= core.ports,
  }
}

/**
 * Cores, by core groups (v2): spine j of every pod connects to core group j,
 * and spreads its `up` uplinks evenly over the g cores of that group, so g
 * divides `up`; each core needs a port for every pod's link to it. The
 * smallest such g makes C = u * g, which can be wired evenly where v1's
 * ceil(U2 / core.ports) cannot (3 pods of 32 spines on 64-port switches:
 * 64 cores, not 48). It reproduces NVIDIA's DGX B200 tables.
 */
function coreCount(pods: number, u: number, up: number, corePorts: number, spineUplinks: number, rules: ModelRules): number {
  if (rules === 'v1') return Math.ceil(spineUplinks / corePorts)
  return u * smallestDivisorAtLeast(up, Math.ceil((pods * up) / corePorts))
}

/**
 * The largest m >= n (n >= 1) whose fabric has exactly n's switches: every
 * count above depends on the leaf count alone, so this is the last node
 * before another leaf (or the first uplink) is needed. Within such a run only
 * the host links grow, one set per node.
 */
export function sameFabricUntil(n: number, config: Pick<ClusterConfig, 'node' | 'fabric'>): number {
  const { leaf, leaf_host_ports: h, rail_optimized } = config.fabric
  const r = railsPerPlane(config)
  if (n * r <= leaf.ports) return Math.floor(leaf.ports / r)
  return rail_optimized ? Math.ceil(n / h) * h : Math.floor((Math.ceil((n * r) / h) * h) / r)
}

/** The smallest divisor of `n` that is >= `floor`; `n` itself when none smaller is. */
export function smallestDivisorAtLeast(n: number, floor: number): number {
  for (let s = Math.max(1, floor); s < n; s++) if (n % s === 0) return s
  return n
}
