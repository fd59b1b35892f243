// "Fill the pod, then cap to fit": how many nodes a cluster's spines and cores already serve, and what filling them costs.
import type { ClusterConfig } from '../cluster/cluster-config.js'
import type { ClusterReport } from '../cluster/cluster-report.js'
import { LIMITS } from '../cluster/config-limits.js'
import { fabricShape, type FabricShape } from '../cluster/fabric-shape.js'
import { throughputAt } from '../cluster/power-capping.js'
import { sizeAtNodes } from '../cluster/size-at-nodes.js'

/**
 * The most nodes (at least `nodes`, at least 1) whose fabric has the same
 * tiers, spines and cores as `nodes`' fabric and can still be built: past it,
 * one more node buys a spine, a core or a tier, not just a leaf and its links.
 * Every count is non-decreasing in the node count (docs/model.md, "The
 * fabric"), so a doubling probe and a binary search find it.
 */
export function fabricFullNodes(nodes: number, config: Pick<ClusterConfig, 'node' | 'fabric'>): number {
  const from = Math.max(1, nodes)
  const base = fabricShape(from, config)
  const same = (n: number) => {
    const s = fabricShape(n, config)
    return s.buildable && s.tiers === base.tiers && s.spines === base.spines && s.cores === base.cores
  }
  let lo = from
  let hi = from
  while (hi < LIMITS.nodes && same(hi)) {
    lo = hi
    hi = Math.min(LIMITS.nodes, hi * 2)
  }
  if (same(hi)) return hi
  // same(lo) holds and same(hi) does not: the boundary lies between.
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2)
    if (same(mid)) lo = mid
    else hi = mid
  }
  return lo
}

/** The switches node `full + 1` adds over `full` nodes. */
export function nextFabricStep(full: number, config: Pick<ClusterConfig, 'node' | 'fabric'>): Pick<FabricShape, 'leaves' | 'spines' | 'cores'> {
  const a = fabricShape(full, config)
  const b = fabricShape(full + 1, config)
  return { leaves: b.leaves - a.leaves, spines: b.spines - a.spines, cores: b.cores - a.cores }
}

/** What the fill figures are, for docs and hints (units in src/format/units.ts). */
export const FILL_DERIVED: Record<string, string> = {
  fabric_full_nodes: "the most nodes this cluster's spines and cores serve: more needs only leaves and links up to it (needs a node)",
  fabric_free_nodes: 'fabric_full_nodes - nodes: node places the built spines and cores already serve',
  next_step_leaves: 'leaves node fabric_full_nodes + 1 adds',
  next_step_spines: 'spines node fabric_full_nodes + 1 adds',
  next_step_cores: 'cores node fabric_full_nodes + 1 adds',
  fill_nodes: 'with power_capping: fabric_full_nodes in whole racks when racks are whole, the cluster filled to its spines and cores',
  fill_fraction: 'with power_capping: the largest GPU power fraction at which fill_nodes fit under the usable cap (write | pct)',
  fill_gpu_power_w: 'with power_capping: the per-GPU power limit that fits fill_nodes, rounded down',
  fill_throughput: 'with power_capping: fill_nodes * gpus_per_node * T(fill_fraction), GPU-equivalents',
  fill_gain: 'with power_capping: fill_throughput over the uncapped cluster, less 1 (write | pct)',
  capping_fabric_full_nodes: "with power_capping: the most nodes the optimum's spines and cores serve",
  capping_free_nodes: 'with power_capping: capping_fabric_full_nodes - power_capping.nodes',
}

/**
 * The fill figures of a report (names in FILL_DERIVED), without a node an
 * empty record. The capped ones need a power_capping block and exist only
 * when the filled cluster fits at or above min_fraction and within the floor.
 */
export function fabricFill(report: ClusterReport): Record<string, number> {
  const config = report.inputs
  if (report.nodes === 0) return {}
  const full = fabricFullNodes(report.nodes, config)
  const step = nextFabricStep(full, config)
  const out: Record<string, number> = {
    fabric_full_nodes: full,
    fabric_free_nodes: full - report.nodes,
    next_step_leaves: step.leaves,
    next_step_spines: step.spines,
    next_step_cores: step.cores,
  }
  const capping = report.power_capping
  if (!capping || !config.power_capping) return out
  const rackStep = config.rack?.whole_racks ? config.rack.nodes_per_rack : 1
  const fill = Math.max(report.nodes, Math.floor(full / rackStep) * rackStep)
  // Only the GPUs' draw scales with the limit (docs/model.md, "GPU power capping"), so the
  // fraction that fits the filled cluster is closed-form from its draw at full power.
  const atFull = fill === report.nodes ? { ok: true as const, value: report } : sizeAtNodes(withoutCapping(config), fill)
  const gpuW = fill * config.node.gpus_per_node * config.node.gpu_w
  if (atFull.ok && atFull.value.p_total_w !== null && (atFull.value.status === 'ok' || atFull.value.status === 'over_cap')) {
    const fraction = Math.min(1, 1 - (atFull.value.p_total_w - report.usable_cap_w) / gpuW)
    if (fraction >= config.power_capping.min_fraction) {
      const throughput = fill * config.node.gpus_per_node * throughputAt(config.power_capping.curve, fraction)
      Object.assign(out, {
        fill_nodes: fill,
        fill_fraction: fraction,
        fill_gpu_power_w: Math.floor(fraction * config.node.gpu_w * 1000) / 1000,
        fill_throughput: Math.round(throughput * 1000) / 1000,
        fill_gain: throughput / report.gpus - 1,
      })
    }
  }
  if (capping.nodes > 0) {
    const cappedFull = fabricFullNodes(capping.nodes, config)
    out.capping_fabric_full_nodes = cappedFull
    out.capping_free_nodes = cappedFull - capping.nodes
  }
  return out
}

/** The config without its capping study: sizing a fixed count needs none. */
function withoutCapping(config: ClusterConfig): ClusterConfig {
  const { power_capping: _, ...rest } = config
  return rest as ClusterConfig
}
