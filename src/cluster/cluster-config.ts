// The validated cluster config with every default filled in: what the model reads and the report echoes as `inputs`.
import type * as v from 'valibot'
import type { ClusterConfigInput, FabricSchema, NodeSchema, SwitchSchema } from './cluster-schema.js'

export type SwitchSpec = v.InferOutput<typeof SwitchSchema>

/** One node as written; `provisioned_w`, when given, replaces the component sum as the node's power. */
export type NodeSpec = v.InferOutput<typeof NodeSchema>

/** The fabric with its dependent defaults filled in (`core` and `host_link_node_end_w`). */
export type FabricSpec = Omit<v.InferOutput<typeof FabricSchema>, 'core' | 'host_link_node_end_w'> & {
  core: SwitchSpec
  host_link_node_end_w: number
}

/** The power budget at the meter: the IT cap is grid_mw / peak_pue (docs/model.md, "Facility"). */
export interface FacilitySpec {
  grid_mw: number
  peak_pue: number
}

/** Racks, with `rack_w` (0) and `whole_racks` (false) filled in. */
export interface RackSpec {
  nodes_per_rack: number
  rack_w: number
  max_rack_kw?: number
  whole_racks: boolean
  max_racks?: number
}

/** The capping block with min_fraction filled in; curve points stay pairs, as written. */
export interface PowerCappingSpec {
  curve: Array<readonly [power: number, throughput: number]>
  min_fraction: number
}

/**
 * The validated config with every default filled in. Exactly one of
 * `it_cap_mw` and `facility` is present (the schema's MWP_CONFIG_CAP_SOURCE
 * rule); optional blocks without defaults (`facility`, `rack`,
 * `power_capping`, `node.provisioned_w`) are absent when not written.
 */
export type ClusterConfig = CapSource & ClusterConfigBody

/** Where the power budget comes from: an IT cap, or the grid connection and the peak PUE. */
export type CapSource = { it_cap_mw: number; facility?: undefined } | { it_cap_mw?: undefined; facility: FacilitySpec }

/** Everything in a validated config but its power source. */
export interface ClusterConfigBody {
  margin_fraction: number
  min_nodes: number
  other_it_w: number
  other_it_per_node_w: number
  node: NodeSpec
  rack?: RackSpec
  fabric: FabricSpec
  power_capping?: PowerCappingSpec
}

/**
 * Fills the defaults that depend on other keys (`core` defaults to `spine`,
 * `host_link_node_end_w` to `optic_w_per_link_end`, `min_fraction` to the
 * first curve point) and drops `$schema`. Key order follows the schema, which
 * is the order `inputs` is written in.
 */
export function resolveDefaults(input: ClusterConfigInput): ClusterConfig {
  const f = input.fabric
  const fabric: FabricSpec = {
    name: f.name,
    leaf: { ...f.leaf },
    spine: { ...f.spine },
    core: { ...(f.core ?? f.spine) },
    leaf_host_ports: f.leaf_host_ports,
    leaf_uplink_ports: f.leaf_uplink_ports,
    optic_w_per_link_end: f.optic_w_per_link_end,
    host_link_node_end_w: f.host_link_node_end_w ?? f.optic_w_per_link_end,
    host_link_gbps: f.host_link_gbps,
    uplink_gbps: f.uplink_gbps,
    rail_optimized: f.rail_optimized,
    planes: f.planes,
  }
  // The schema's MWP_CONFIG_CAP_SOURCE rule lets exactly one of the two through.
  const source: CapSource = input.it_cap_mw !== undefined ? { it_cap_mw: input.it_cap_mw } : { facility: { ...input.facility! } }
  const config: ClusterConfig = {
    ...source,
    margin_fraction: input.margin_fraction,
    min_nodes: input.min_nodes,
    other_it_w: input.other_it_w,
    other_it_per_node_w: input.other_it_per_node_w,
    node: { ...input.node },
    ...(input.rack && { rack: { ...input.rack } }),
    fabric,
  }
  if (input.power_capping) {
    const curve = input.power_capping.curve.map(([f, t]) => [f, t] as const)
    config.power_capping = { curve, min_fraction: input.power_capping.min_fraction ?? curve[0]![0] }
  }
  return config
}
