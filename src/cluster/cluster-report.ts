// The shape of cluster_report.json v2, every field documented for the people who hover it.
import type { ClusterConfig } from './cluster-config.js'
import type { PowerCappingResult } from './power-capping.js'

export const REPORT_SCHEMA_VERSION = 'mwpack.cluster_report/v2'

/** How the solve went: `no_feasible_nonzero` when zero nodes is the answer, `below_min_nodes` when fewer than min_nodes fit. */
export type SizingStatus = 'ok' | 'below_min_nodes' | 'no_feasible_nonzero'

/**
 * How a fixed node count (`mwpack size --nodes N`) fares: `not_whole_racks`
 * (whole racks only, and N is not a multiple of nodes_per_rack), `unbuildable`
 * (the fabric cannot be wired, or the racks exceed max_racks), `over_cap` (it
 * draws more than the usable cap); the first that applies, in that order.
 */
export type NodeCountStatus = 'ok' | 'over_cap' | 'unbuildable' | 'not_whole_racks'

/** What stops one more step of nodes: the floor (`space`), the fabric (it cannot be wired), else `power`. */
export type LimitedBy = 'power' | 'fabric' | 'space'

/**
 * cluster_report.json (docs/model.md, "The report"). Every key is always
 * present, in this order on disk; a key whose config block is absent is null.
 * All watts are exact to the milliwatt.
 *
 * The type parameters only say which keys can be null: in a solve every
 * count is known; for a fixed node count whose fabric cannot be built the
 * fabric counts and the power that depends on them are null.
 */
export interface ReportFields<TStatus, TFeasible extends boolean, TLimit, TCount, TTiers, TWatts> {
  /** `"mwpack.cluster_report/v2"`. */
  schema_version: typeof REPORT_SCHEMA_VERSION
  /** True for a solve (its answer always fits); for a fixed node count, whether that count fits. */
  feasible: TFeasible
  /** A solve: `ok`, `below_min_nodes` or `no_feasible_nonzero`; a fixed count: `ok`, `over_cap`, `unbuildable` or `not_whole_racks`. */
  status: TStatus
  /** Why not one more step of nodes; null for a fixed node count. */
  limited_by: TLimit
  /** The grid connection, watts (grid_mw * 1e6 to the milliwatt); null without a facility block. */
  grid_w: number | null
  /** The design peak PUE as configured; null without a facility block. */
  peak_pue: number | null
  /** The IT power cap, watts: it_cap_mw * 1e6, or grid_w / peak_pue rounded down to the milliwatt. */
  it_cap_w: number
  /** Watts kept back as design margin: it_cap_w - usable_cap_w (0 without a margin). */
  margin_w: number
  /** What the cluster may draw, watts: it_cap_w * (1 - margin_fraction), rounded down. */
  usable_cap_w: number
  /** Nodes: the most that fit (a solve), or the count asked for. */
  nodes: number
  /** nodes * gpus_per_node. */
  gpus: number
  /** GPUs per megawatt of IT cap: gpus / (it_cap_w / 1e6). */
  gpus_per_mw: number
  /** GPUs per megawatt at the meter: gpus / (grid_w / 1e6); null without a facility block. */
  gpus_per_grid_mw: number | null
  /** ceil(nodes / nodes_per_rack); null without a rack block. */
  racks: number | null
  /** A full rack's watts: nodes_per_rack * p_node_w + rack_w; null without a rack block. */
  rack_power_w: number | null
  /** Switch tiers of one plane: 0 (no nodes), 1 (one leaf), 2 (leaf/spine) or 3 (with cores). */
  tiers: TTiers
  /** Independent fabric planes (1 without `fabric.planes`); the counts below are over all planes. */
  planes: number
  /** Leaf switches, all planes. */
  leaves: TCount
  /** Spine switches, all planes. */
  spines: TCount
  /** Core switches, all planes: u * g per plane, g the core group size (docs/model.md, "Core groups"). */
  cores: TCount
  /** Host links H = nodes * fabric ports per node. */
  host_ports: TCount
  /** Leaf-to-spine links U. */
  uplinks_total: TCount
  /** Spine-to-core links U2. */
  spine_uplinks_total: TCount
  /** (H * host_link_gbps) / (U * uplink_gbps); null with fewer than two tiers. */
  oversubscription_ratio: number | null
  /** (leaf_host_ports * host_link_gbps) / (leaf_uplink_ports * uplink_gbps). */
  leaf_oversubscription_ratio: number
  /** Watts budgeted per node: provisioned_w when given, else the nameplate. */
  p_node_w: number
  /** The component sum per node: gpus_per_node*gpu_w + cpu_w + dram_w + nvme_w + nics_per_node*nic_w + node_aux_w. */
  p_node_nameplate_w: number
  /** nodes * p_node_w. */
  p_node_total_w: number
  /** Switch watts: leaves, spines and cores. */
  p_switching_w: TWatts
  /** Optics watts: host links at both ends, switch-to-switch links one module per end. */
  p_optics_w: TWatts
  /** racks * rack_w; null without a rack block. */
  p_rack_w: number | null
  /** other_it_w + nodes * other_it_per_node_w once a node is built, else 0. */
  p_other_it_w: number
  /** Everything the cluster draws: nodes, switching, optics, racks and other IT. */
  p_total_w: TWatts
  /** Power at the meter: p_total_w * peak_pue to the milliwatt; null without a facility block. */
  facility_w: TWatts | null
  /** usable_cap_w - p_total_w (negative for a fixed count over the cap). */
  headroom_w: TWatts
  /** The answer with provisioned_w removed, so a memo can show both; null without provisioned_w, for a fixed count, or when a nameplate rack breaks max_rack_kw. */
  nodes_at_nameplate: number | null
  /** The GPU power-cap optimum and its frontier; null without a power_capping block or for a fixed count. */
  power_capping: PowerCappingResult | null
  /** The validated config with every default filled in. */
  inputs: ClusterConfig
}

/** The report of a solve: what `build` writes and `?report` imports. */
export type ClusterReport = ReportFields<SizingStatus, true, LimitedBy, number, 0 | 1 | 2 | 3, number>

/** The report of a fixed node count (`mwpack size --nodes N`): an unbuildable fabric's counts and power are null. */
export type NodeCountReport = ReportFields<NodeCountStatus, boolean, null, number | null, 0 | 1 | 2 | 3 | null, number | null>

/** Either report: what `mwpack size` prints. */
export type AnyClusterReport = ClusterReport | NodeCountReport
