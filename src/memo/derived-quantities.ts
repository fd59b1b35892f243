// Figures a memo can cite that follow from the report but are not report keys: `{{ derived.power_per_gpu_w }}`.
import type { ClusterReport } from '../cluster/cluster-report.js'
import { fabricFill } from './fabric-fill.js'

/** What each derived figure means (for docs and did-you-mean hints). Units: src/format/units.ts. */
export const DERIVED: Record<string, string> = {
  rails_per_node: 'fabric ports per node: nics_per_node * ports_per_nic_to_fabric',
  p_gpu_node_w: 'GPU watts in one node: gpus_per_node * gpu_w',
  p_non_gpu_node_w: 'everything else in one node: p_node_w - p_gpu_node_w',
  gpu_share_of_node: 'GPU watts as a fraction of node watts',
  node_to_gpu_ratio: 'node watts over GPU watts (Epoch AI uses 1.82 for DGX-class nodes)',
  power_per_gpu_w: 'all-in IT watts per GPU: p_total_w / gpus (needs a node)',
  fabric_share: 'switches and optics as a fraction of the total: (p_switching_w + p_optics_w) / p_total_w (needs a node)',
  nodes_without_fabric: 'nodes the usable cap would hold if the fabric drew nothing: floor(usable_cap_w / p_node_w)',
  nodes_lost_to_fabric: 'nodes_without_fabric - nodes',
  two_tier_max_host_ports: 'host ports two tiers of these switches can reach, per plane: spine.ports * leaf_host_ports',
  two_tier_max_nodes: 'the most nodes two tiers can wire, rail grouping and planes included',
  leaves_per_spine_limit: 'leaves a two-tier fabric can have, per plane: spine.ports',
}

/** Figures that exist only with a block of the config (and, for some, a node). */
export const BLOCK_DERIVED: Record<string, string> = {
  facility_overhead_w: 'with facility: what the facility draws on top of the IT load at peak: facility_w - p_total_w',
  gpus_per_rack: 'with rack: nodes_per_rack * gpus_per_node',
  extra_nodes_from_measured_power: 'with node.provisioned_w: nodes - nodes_at_nameplate',
  measured_power_gain: 'with node.provisioned_w: nodes / nodes_at_nameplate - 1 (write | pct; needs a node at nameplate)',
  rack_power_nameplate_w: 'with rack: a full rack at nameplate node power: nodes_per_rack * p_node_nameplate_w + rack_w',
  rack_nodes_limit: 'with rack.max_rack_kw: the most nodes a rack takes at the budgeted node power: floor((max_rack_kw * 1000 - rack_w) / p_node_w)',
  rack_nodes_limit_at_nameplate: 'with rack.max_rack_kw: the same at nameplate node power',
  rack_power_past_limit_w: 'with rack.max_rack_kw: a rack of rack_nodes_limit_at_nameplate + 1 nodes at nameplate, the first that breaks the limit',
}

/** Figures about the power-capping optimum; they exist only when the config has a power_capping block. */
export const CAPPING_DERIVED: Record<string, string> = {
  capping_gain: "the optimum's extra throughput over the uncapped cluster, as a fraction: gain_vs_uncapped - 1 (write | pct; needs an uncapped node)",
  capping_power_cut: 'how far below full power the optimum runs each GPU: 1 - power_capping.fraction (write | pct)',
  capping_extra_nodes: 'nodes the optimum adds: power_capping.nodes - nodes',
  capping_extra_gpus: 'GPUs the optimum adds: power_capping.gpus - gpus',
}

/**
 * The derived figures of a report; every one is a plain number. A figure
 * that does not exist is absent, not zero: one whose block the config lacks,
 * and one that divides by nodes when no node fits (the memo then says why,
 * from the figure's quantity in src/format/units.ts).
 */
export function derivedQuantities(report: ClusterReport): Record<string, number> {
  const { node, fabric, rack } = report.inputs
  const rails = node.nics_per_node * node.ports_per_nic_to_fabric
  const railsPerPlane = rails / fabric.planes
  const gpuW = node.gpus_per_node * node.gpu_w
  const h = fabric.leaf_host_ports
  const withoutFabric = Math.floor(report.usable_cap_w / report.p_node_w)
  const out: Record<string, number> = {
    rails_per_node: rails,
    p_gpu_node_w: gpuW,
    p_non_gpu_node_w: report.p_node_w - gpuW,
    gpu_share_of_node: gpuW / report.p_node_w,
    node_to_gpu_ratio: report.p_node_w / gpuW,
    ...(report.gpus > 0 && { power_per_gpu_w: report.p_total_w / report.gpus }),
    ...(report.p_total_w > 0 && { fabric_share: (report.p_switching_w + report.p_optics_w) / report.p_total_w }),
    nodes_without_fabric: withoutFabric,
    nodes_lost_to_fabric: Math.max(0, withoutFabric - report.nodes),
    two_tier_max_host_ports: fabric.spine.ports * h,
    // Rail-optimized leaves come in sets of R per plane, each set serving h nodes; otherwise leaves fill port by port.
    two_tier_max_nodes: fabric.rail_optimized ? Math.floor(fabric.spine.ports / railsPerPlane) * h : Math.floor((fabric.spine.ports * h) / railsPerPlane),
    leaves_per_spine_limit: fabric.spine.ports,
  }
  if (report.facility_w !== null) out.facility_overhead_w = (Math.round(report.facility_w * 1000) - Math.round(report.p_total_w * 1000)) / 1000
  if (rack) {
    out.gpus_per_rack = rack.nodes_per_rack * node.gpus_per_node
    // Whole milliwatts, as the model sums power, so 4 * 10,200 W + 0.3 W is exactly 40,800.3 W.
    const mw = (w: number) => Math.round(w * 1000)
    const nameplate = mw(report.p_node_nameplate_w)
    out.rack_power_nameplate_w = (rack.nodes_per_rack * nameplate + mw(rack.rack_w)) / 1000
    if (rack.max_rack_kw !== undefined) {
      const room = Math.max(0, mw(rack.max_rack_kw * 1000) - mw(rack.rack_w))
      out.rack_nodes_limit = Math.floor(room / mw(report.p_node_w))
      out.rack_nodes_limit_at_nameplate = Math.floor(room / nameplate)
      out.rack_power_past_limit_w = ((out.rack_nodes_limit_at_nameplate + 1) * nameplate + mw(rack.rack_w)) / 1000
    }
  }
  if (report.nodes_at_nameplate !== null) {
    out.extra_nodes_from_measured_power = report.nodes - report.nodes_at_nameplate
    if (report.nodes_at_nameplate > 0) out.measured_power_gain = report.nodes / report.nodes_at_nameplate - 1
  }
  Object.assign(out, fabricFill(report))
  const c = report.power_capping
  if (!c) return out
  // No gain to state when the uncapped cluster is empty (gain_vs_uncapped is null): the key is absent, not zero.
  if (c.gain_vs_uncapped !== null) out.capping_gain = c.gain_vs_uncapped - 1
  out.capping_power_cut = 1 - c.fraction
  out.capping_extra_nodes = c.nodes - report.nodes
  out.capping_extra_gpus = c.gpus - report.gpus
  return out
}
