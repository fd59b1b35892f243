// The unit of every quantity mwpack states: report keys, inputs, the capping study, derived figures and sweep points.

/**
 * A quantity's unit decides which formats fit it and how it is displayed
 * (display.ts). Power comes in W, kW or MW and converts between them; the
 * rest are counts, ratios (x:1), fractions (shown as percentages), GPU
 * densities, throughputs, link speeds, text and flags.
 */
export type Unit = 'W' | 'kW' | 'MW' | 'count' | 'GPUs/MW' | 'GPU-eq' | 'ratio' | 'fraction' | 'Gb/s' | 'text' | 'flag'

/** A config block (or key) a quantity exists only with. */
export type Block = 'facility' | 'rack' | 'power_capping' | 'provisioned_w' | 'it_cap_mw'

export interface Quantity {
  unit: Unit
  /** A limit to set (a per-GPU power cap): shown rounded down, so the figure a reader copies keeps the cluster under the cap. */
  roundDown?: true
  /** Null or absent without this block. */
  block?: Block
  /** Null or absent when no node fits (a ratio over nodes, a gain over the uncapped cluster). */
  needsNodes?: true
}

const q = (unit: Unit, extra: Omit<Quantity, 'unit'> = {}): Quantity => ({ unit, ...extra })
const W = q('W')
const COUNT = q('count')
const TEXT = q('text')

/** A point of the capping frontier. */
const FRONTIER_POINT: Record<string, Quantity> = {
  fraction: q('fraction'),
  gpu_power_w: q('W', { roundDown: true }),
  nodes: COUNT,
  gpus: COUNT,
  throughput_gpu_equivalents: q('GPU-eq'),
  break_even_throughput: q('fraction', { needsNodes: true }),
}

const GAIN = q('fraction', { needsNodes: true })

/** The capping optimum: a frontier point with its gain over the uncapped cluster. */
const CAPPING_POINT: Record<string, Quantity> = { ...FRONTIER_POINT, gain_vs_uncapped: GAIN }

/** The optimum at each point of a sweep. */
const { break_even_throughput: _, ...SWEEP_CAPPING } = CAPPING_POINT

const SWITCH: Record<string, Quantity> = { name: TEXT, ports: COUNT, w: W }

/**
 * Every quantity by its path, arrays written `#`: `nodes`, `inputs.node.gpu_w`,
 * `power_capping.frontier.#.nodes`, `derived.fabric_share`, `sweep.#.gpus`,
 * `by_planes.#.nodes` (# the plane count).
 * A test walks a report, the schema and a sweep to check that nothing is missing.
 */
export const QUANTITIES: Readonly<Record<string, Quantity>> = {
  schema_version: TEXT,
  feasible: q('flag'),
  status: TEXT,
  limited_by: TEXT,
  grid_w: q('W', { block: 'facility' }),
  peak_pue: q('ratio', { block: 'facility' }),
  // Caps and what is left under them are limits: shown rounded down, never above what the site can draw.
  it_cap_w: q('W', { roundDown: true }),
  margin_w: W,
  usable_cap_w: q('W', { roundDown: true }),
  nodes: COUNT,
  gpus: COUNT,
  gpus_per_mw: q('GPUs/MW'),
  gpus_per_grid_mw: q('GPUs/MW', { block: 'facility' }),
  racks: q('count', { block: 'rack' }),
  rack_power_w: q('W', { block: 'rack' }),
  tiers: COUNT,
  planes: COUNT,
  leaves: COUNT,
  spines: COUNT,
  cores: COUNT,
  host_ports: COUNT,
  uplinks_total: COUNT,
  spine_uplinks_total: COUNT,
  oversubscription_ratio: q('ratio', { needsNodes: true }),
  leaf_oversubscription_ratio: q('ratio'),
  p_node_w: W,
  p_node_nameplate_w: W,
  p_node_total_w: W,
  p_switching_w: W,
  p_optics_w: W,
  p_rack_w: q('W', { block: 'rack' }),
  p_other_it_w: W,
  p_total_w: W,
  facility_w: q('W', { block: 'facility' }),
  headroom_w: q('W', { roundDown: true }),
  nodes_at_nameplate: q('count', { block: 'provisioned_w' }),
  ...prefixed('power_capping', CAPPING_POINT, { block: 'power_capping' }),
  ...prefixed('power_capping.frontier.#', FRONTIER_POINT, { block: 'power_capping' }),

  'inputs.it_cap_mw': q('MW', { block: 'it_cap_mw' }),
  'inputs.facility.grid_mw': q('MW', { block: 'facility' }),
  'inputs.facility.peak_pue': q('ratio', { block: 'facility' }),
  'inputs.margin_fraction': q('fraction'),
  'inputs.min_nodes': COUNT,
  'inputs.other_it_w': W,
  'inputs.other_it_per_node_w': W,
  'inputs.node.name': TEXT,
  'inputs.node.gpus_per_node': COUNT,
  'inputs.node.gpu_w': W,
  'inputs.node.cpu_w': W,
  'inputs.node.dram_w': W,
  'inputs.node.nvme_w': W,
  'inputs.node.nic_w': W,
  'inputs.node.node_aux_w': W,
  'inputs.node.nics_per_node': COUNT,
  'inputs.node.ports_per_nic_to_fabric': COUNT,
  'inputs.node.provisioned_w': q('W', { block: 'provisioned_w' }),
  'inputs.rack.nodes_per_rack': q('count', { block: 'rack' }),
  'inputs.rack.rack_w': q('W', { block: 'rack' }),
  'inputs.rack.max_rack_kw': q('kW', { block: 'rack' }),
  'inputs.rack.whole_racks': q('flag', { block: 'rack' }),
  'inputs.rack.max_racks': q('count', { block: 'rack' }),
  'inputs.fabric.name': TEXT,
  ...prefixed('inputs.fabric.leaf', SWITCH),
  ...prefixed('inputs.fabric.spine', SWITCH),
  ...prefixed('inputs.fabric.core', SWITCH),
  'inputs.fabric.leaf_host_ports': COUNT,
  'inputs.fabric.leaf_uplink_ports': COUNT,
  'inputs.fabric.optic_w_per_link_end': W,
  'inputs.fabric.host_link_node_end_w': W,
  'inputs.fabric.host_link_gbps': q('Gb/s'),
  'inputs.fabric.uplink_gbps': q('Gb/s'),
  'inputs.fabric.rail_optimized': q('flag'),
  'inputs.fabric.planes': COUNT,
  'inputs.power_capping.curve.#.#': q('fraction', { block: 'power_capping' }),
  'inputs.power_capping.min_fraction': q('fraction', { block: 'power_capping' }),

  'derived.rails_per_node': COUNT,
  'derived.p_gpu_node_w': W,
  'derived.p_non_gpu_node_w': W,
  'derived.gpu_share_of_node': q('fraction'),
  'derived.node_to_gpu_ratio': q('ratio'),
  'derived.power_per_gpu_w': q('W', { needsNodes: true }),
  'derived.fabric_share': q('fraction', { needsNodes: true }),
  'derived.nodes_without_fabric': COUNT,
  'derived.nodes_lost_to_fabric': COUNT,
  'derived.two_tier_max_host_ports': COUNT,
  'derived.two_tier_max_nodes': COUNT,
  'derived.leaves_per_spine_limit': COUNT,
  'derived.facility_overhead_w': q('W', { block: 'facility' }),
  'derived.gpus_per_rack': q('count', { block: 'rack' }),
  'derived.extra_nodes_from_measured_power': q('count', { block: 'provisioned_w' }),
  'derived.measured_power_gain': q('fraction', { block: 'provisioned_w', needsNodes: true }),
  'derived.rack_power_nameplate_w': q('W', { block: 'rack' }),
  'derived.rack_nodes_limit': q('count', { block: 'rack' }),
  'derived.rack_nodes_limit_at_nameplate': q('count', { block: 'rack' }),
  'derived.rack_power_past_limit_w': q('W', { block: 'rack' }),
  'derived.fabric_full_nodes': q('count', { needsNodes: true }),
  'derived.fabric_free_nodes': q('count', { needsNodes: true }),
  'derived.next_step_leaves': q('count', { needsNodes: true }),
  'derived.next_step_spines': q('count', { needsNodes: true }),
  'derived.next_step_cores': q('count', { needsNodes: true }),
  'derived.fill_nodes': q('count', { block: 'power_capping', needsNodes: true }),
  'derived.fill_fraction': q('fraction', { block: 'power_capping', needsNodes: true }),
  'derived.fill_gpu_power_w': q('W', { block: 'power_capping', needsNodes: true, roundDown: true }),
  'derived.fill_throughput': q('GPU-eq', { block: 'power_capping', needsNodes: true }),
  'derived.fill_gain': q('fraction', { block: 'power_capping', needsNodes: true }),
  'derived.capping_fabric_full_nodes': q('count', { block: 'power_capping', needsNodes: true }),
  'derived.capping_free_nodes': q('count', { block: 'power_capping', needsNodes: true }),
  'derived.capping_gain': q('fraction', { block: 'power_capping', needsNodes: true }),
  'derived.capping_power_cut': q('fraction', { block: 'power_capping' }),
  'derived.capping_extra_nodes': q('count', { block: 'power_capping' }),
  'derived.capping_extra_gpus': q('count', { block: 'power_capping' }),

  'sweep.#.grid_mw': q('MW', { block: 'facility' }),
  'sweep.#.it_cap_mw': q('MW', { roundDown: true }),
  'sweep.#.nodes': COUNT,
  'sweep.#.gpus': COUNT,
  'sweep.#.gpus_per_mw': q('GPUs/MW'),
  'sweep.#.gpus_per_grid_mw': q('GPUs/MW', { block: 'facility' }),
  'sweep.#.racks': q('count', { block: 'rack' }),
  'sweep.#.tiers': COUNT,
  'sweep.#.limited_by': TEXT,
  'sweep.#.p_total_w': W,
  'sweep.#.facility_w': q('W', { block: 'facility' }),
  ...prefixed('sweep.#.power_capping', SWEEP_CAPPING, { block: 'power_capping' }),

  'by_planes.#.planes': COUNT,
  'by_planes.#.nodes': COUNT,
  'by_planes.#.gpus': COUNT,
  'by_planes.#.gpus_per_mw': q('GPUs/MW'),
  'by_planes.#.tiers': COUNT,
  'by_planes.#.leaves': COUNT,
  'by_planes.#.spines': COUNT,
  'by_planes.#.cores': COUNT,
  'by_planes.#.p_switching_w': W,
  'by_planes.#.p_optics_w': W,
  'by_planes.#.p_fabric_w': W,
}

function prefixed(prefix: string, entries: Record<string, Quantity>, extra: Omit<Quantity, 'unit'> = {}): Record<string, Quantity> {
  return Object.fromEntries(Object.entries(entries).map(([key, value]) => [`${prefix}.${key}`, { ...extra, ...value }]))
}

/** The quantity at a dotted path (`power_capping.frontier.3.nodes`), numeric segments matched as `#`. */
export function quantityAt(path: string): Quantity | undefined {
  const key = path.replace(/(^|\.)\d+(?=\.|$)/g, '$1#')
  // Own keys only: `constructor` or `toString` is a name the memo wrote, not a quantity.
  return Object.hasOwn(QUANTITIES, key) ? QUANTITIES[key] : undefined
}

/** Words for a unit in messages: "a count", "power", "text". */
export function describeUnit(unit: Unit): string {
  switch (unit) {
    case 'W':
    case 'kW':
    case 'MW':
      return `power (${unit})`
    case 'count':
      return 'a count'
    case 'GPUs/MW':
      return 'GPUs per megawatt'
    case 'GPU-eq':
      return 'a throughput in GPU-equivalents'
    case 'ratio':
      return 'a ratio'
    case 'fraction':
      return 'a fraction'
    case 'Gb/s':
      return 'a link speed (Gb/s)'
    case 'text':
      return 'text'
    case 'flag':
      return 'true or false'
  }
}

/** Power units in watts. */
export const WATTS_PER: Record<'W' | 'kW' | 'MW', number> = { W: 1, kW: 1e3, MW: 1e6 }

export function isPower(unit: Unit): unit is 'W' | 'kW' | 'MW' {
  return unit === 'W' || unit === 'kW' || unit === 'MW'
}
