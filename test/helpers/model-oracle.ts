import type { ClusterConfig } from '../../src/index.js'

/**
 * spec/model.md transcribed a second time, as plainly as possible and in
 * floating point, so the tests compare mwpack with an independent reading
 * of the contract rather than with itself.
 */
export function oracle(config: ClusterConfig, n: number) {
  const { node, fabric } = config
  const R = node.nics_per_node * node.ports_per_nic_to_fabric
  const pNode = node.gpus_per_node * node.gpu_w + node.cpu_w + node.dram_w + node.nvme_w + node.nics_per_node * node.nic_w + node.node_aux_w
  const H = n * R
  const h = fabric.leaf_host_ports
  const u = fabric.leaf_uplink_ports
  let tiers = 0
  let L = 0
  let S = 0
  let C = 0
  let U = 0
  let U2 = 0
  let buildable = true
  if (n === 0) {
    // all zero
  } else if (H <= fabric.leaf.ports) {
    tiers = 1
    L = 1
  } else {
    L = fabric.rail_optimized ? R * Math.ceil(n / h) : Math.ceil(H / h)
    U = L * u
    if (L <= fabric.spine.ports) {
      tiers = 2
      const need = Math.ceil((L * u) / fabric.spine.ports)
      S = u
      for (let s = u; s >= 1; s--) if (u % s === 0 && s >= need) S = s
    } else {
      tiers = 3
      const P = Math.floor(fabric.spine.ports / 2)
      if (P < 1) {
        buildable = false
      } else {
        const pods = Math.ceil(L / P)
        S = pods * u
        U2 = S * (fabric.spine.ports - P)
        C = Math.ceil(U2 / fabric.core.ports)
        buildable = pods <= fabric.core.ports
      }
    }
  }
  const pSwitching = L * fabric.leaf.w + S * fabric.spine.w + C * fabric.core.w
  const pOptics = H * (fabric.host_link_node_end_w + fabric.optic_w_per_link_end) + (U + U2) * 2 * fabric.optic_w_per_link_end
  const pOther = n > 0 ? config.other_it_w : 0
  const pTotal = n * pNode + pSwitching + pOptics + pOther
  // "it_cap_mw * 1e6, rounded to the nearest milliwatt"
  const capW = Math.round(config.it_cap_mw * 1e9) / 1000
  return { tiers, L, S, C, U, U2, H, buildable, pNode, pSwitching, pOptics, pOther, pTotal, fits: buildable && pTotal <= capW, capW }
}

/** The answer by brute force: every n from 0 to the node-power bound, no monotonicity assumed. */
export function linearScan(config: ClusterConfig): number {
  const { pNode, capW } = oracle(config, 1)
  let best = 0
  for (let n = 0; n <= Math.floor(capW / pNode); n++) if (oracle(config, n).fits) best = n
  return best
}
