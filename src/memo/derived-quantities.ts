// Figures a memo can cite that follow from the report but are not report keys: `{{ derived.power_per_gpu_w }}`.
import type { ClusterReport } from '../cluster/size-cluster.js'

/** What each derived figure means (for docs and did-you-mean hints). */
export const DERIVED: Record<string, string> = {
  rails_per_node: 'fabric ports per node: nics_per_node * ports_per_nic_to_fabric',
  p_gpu_node_w: 'GPU watts in one node: gpus_per_node * gpu_w',
  p_non_gpu_node_w: 'everything else in one node: p_node_w - p_gpu_node_w',
  gpu_share_of_node: 'GPU watts as a fraction of node watts',
  node_to_gpu_ratio: 'node watts over GPU watts (Epoch AI uses 1.82 for DGX-class nodes)',
  power_per_gpu_w: 'all-in IT watts per GPU: p_total_w / gpus',
  fabric_share: 'switches and optics as a fraction of the total: (p_switching_w + p_optics_w) / p_total_w',
  nodes_without_fabric: 'nodes the usable cap would hold if the fabric drew nothing: floor(usable_cap_w / p_node_w)',
  nodes_lost_to_fabric: 'nodes_without_fabric - nodes',
  two_tier_max_host_ports: 'host ports two tiers of these switches can reach: spine.ports * leaf_host_ports',
  two_tier_max_nodes: 'the most nodes two tiers can wire, rail grouping included',
  leaves_per_spine_limit: 'leaves a two-tier fabric can have: spine.ports',
}

/** Figures about the power-capping optimum; they exist only when the config has a power_capping block. */
export const CAPPING_DERIVED: Record<string, string> = {
  capping_gain: "the optimum's extra throughput over the uncapped cluster, as a fraction: gain_vs_uncapped - 1 (write | pct)",
  capping_power_cut: 'how far below full power the optimum runs each GPU: 1 - power_capping.fraction (write | pct)',
  capping_extra_nodes: 'nodes the optimum adds: power_capping.nodes - nodes',
  capping_extra_gpus: 'GPUs the optimum adds: power_capping.gpus - gpus',
}

/** The derived figures of a report; every one is a plain number. */
export function derivedQuantities(report: ClusterReport): Record<string, number> {
  const { node, fabric } = report.inputs
  const rails = node.nics_per_node * node.ports_per_nic_to_fabric
  const gpuW = node.gpus_per_node * node.gpu_w
  const h = fabric.leaf_host_ports
  const withoutFabric = Math.floor(report.usable_cap_w / report.p_node_w)
  const always: Record<keyof typeof DERIVED, number> = {
    rails_per_node: rails,
    p_gpu_node_w: gpuW,
    p_non_gpu_node_w: report.p_node_w - gpuW,
    gpu_share_of_node: gpuW / report.p_node_w,
    node_to_gpu_ratio: report.p_node_w / gpuW,
    power_per_gpu_w: report.gpus === 0 ? 0 : report.p_total_w / report.gpus,
    fabric_share: report.p_total_w === 0 ? 0 : (report.p_switching_w + report.p_optics_w) / report.p_total_w,
    nodes_without_fabric: withoutFabric,
    nodes_lost_to_fabric: Math.max(0, withoutFabric - report.nodes),
    two_tier_max_host_ports: fabric.spine.ports * h,
    // Rail-optimized leaves come in sets of R, each set serving h nodes; otherwise leaves fill port by port.
    two_tier_max_nodes: fabric.rail_optimized ? Math.floor(fabric.spine.ports / rails) * h : Math.floor((fabric.spine.ports * h) / rails),
    leaves_per_spine_limit: fabric.spine.ports,
  }
  const c = report.power_capping
  if (!c) return always
  return {
    ...always,
    // No gain to state when the uncapped cluster is empty (gain_vs_uncapped is null): the key is absent, not zero.
    ...(c.gain_vs_uncapped !== null && { capping_gain: c.gain_vs_uncapped - 1 }),
    capping_power_cut: 1 - c.fraction,
    capping_extra_nodes: c.nodes - report.nodes,
    capping_extra_gpus: c.gpus - report.gpus,
  }
}
