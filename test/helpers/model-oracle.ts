import type { ClusterConfig } from '../../src/index.js'

/**
 * The sizing model's contract (v1, and the v2 blocks: facility, margin,
 * provisioned node power, other IT per node, racks, planes, core groups)
 * transcribed a second time, as plainly as possible, so the tests compare
 * mwpack with an independent reading of the contract rather than with itself.
 *
 * Watts are floats: the generated configs use half-watt values, exact in
 * binary. The budget (grid, PUE, margin) is where the contract divides and
 * rounds down, so it is computed here in integers from the decimals as
 * written.
 */

/** A decimal as written, as an integer numerator over a power of ten: "1.25" -> [125n, 100n]. */
function decimal(x: number): [bigint, bigint] {
  const [whole, fraction = ''] = String(x).split('.')
  if (String(x).includes('e')) throw new Error(`the oracle reads plain decimals only, got ${x}`)
  return [BigInt(whole! + fraction), 10n ** BigInt(fraction.length)]
}

/** "it_cap_w = it_cap_mw * 1e6 rounded to the nearest milliwatt", "grid_w ... ; it_cap_w = grid_w / peak_pue rounded down", "usable = it_cap * (1 - margin) rounded down": in milliwatts. */
export function oracleBudget(config: ClusterConfig): { gridMw: bigint | undefined; itCapMw: bigint; usableMw: bigint } {
  const toMw = (megawatts: number) => {
    const [n, d] = decimal(megawatts)
    return (2n * n * 1_000_000_000n + d) / (2n * d)
  }
  let gridMw: bigint | undefined
  let itCapMw: bigint
  if (config.it_cap_mw !== undefined) {
    itCapMw = toMw(config.it_cap_mw)
  } else {
    gridMw = toMw(config.facility!.grid_mw)
    const [pn, pd] = decimal(config.facility!.peak_pue)
    itCapMw = (gridMw * pd) / pn
  }
  const [mn, md] = decimal(config.margin_fraction)
  return { gridMw, itCapMw, usableMw: (itCapMw * (md - mn)) / md }
}

function smallestDivisorAtLeast(n: number, floor: number): number {
  for (let s = Math.max(1, floor); s <= n; s++) if (n % s === 0) return s
  return n
}

/** One plane with r ports per node, by the v1 table, with v2's core groups. */
function plane(config: ClusterConfig, n: number, r: number) {
  const { fabric } = config
  const H = n * r
  const h = fabric.leaf_host_ports
  const u = fabric.leaf_uplink_ports
  const out = { tiers: 0, L: 0, S: 0, C: 0, U: 0, U2: 0, H, buildable: true }
  if (n === 0) return out
  if (H <= fabric.leaf.ports) return { ...out, tiers: 1, L: 1 }
  const L = fabric.rail_optimized ? r * Math.ceil(n / h) : Math.ceil(H / h)
  const U = L * u
  if (L <= fabric.spine.ports) return { ...out, tiers: 2, L, U, S: smallestDivisorAtLeast(u, Math.ceil((L * u) / fabric.spine.ports)) }
  const P = Math.floor(fabric.spine.ports / 2)
  if (P < 1) return { ...out, tiers: 3, L, U, buildable: false }
  const pods = Math.ceil(L / P)
  const S = pods * u
  const U2 = S * (fabric.spine.ports - P)
  // "g = smallest divisor of (spine.ports - P) with g >= ceil(pods * (spine.ports - P) / core.ports); C = u * g"
  const g = smallestDivisorAtLeast(fabric.spine.ports - P, Math.ceil((pods * (fabric.spine.ports - P)) / fabric.core.ports))
  return { tiers: 3, L, S, C: u * g, U, U2, H, buildable: pods <= fabric.core.ports }
}

export function oracle(config: ClusterConfig, n: number) {
  const { node, fabric, rack } = config
  const R = node.nics_per_node * node.ports_per_nic_to_fabric
  const planes = fabric.planes
  const pNodeNameplate = node.gpus_per_node * node.gpu_w + node.cpu_w + node.dram_w + node.nvme_w + node.nics_per_node * node.nic_w + node.node_aux_w
  const pNode = node.provisioned_w ?? pNodeNameplate
  // "Each plane is sized by the v1 rules with R' = R / planes ... counts are planes * one plane's; tiers is one plane's"
  const one = plane(config, n, R / planes)
  const [L, S, C, U, U2, H] = [one.L, one.S, one.C, one.U, one.U2, one.H].map((x) => x * planes) as [number, number, number, number, number, number]
  const racks = rack ? Math.ceil(n / rack.nodes_per_rack) : 0
  const step = rack?.whole_racks ? rack.nodes_per_rack : 1
  const pSwitching = L * fabric.leaf.w + S * fabric.spine.w + C * fabric.core.w
  const pOptics = H * (fabric.host_link_node_end_w + fabric.optic_w_per_link_end) + (U + U2) * 2 * fabric.optic_w_per_link_end
  const pRack = racks * (rack?.rack_w ?? 0)
  const pOther = n > 0 ? config.other_it_w + n * config.other_it_per_node_w : 0
  const pTotal = n * pNode + pSwitching + pOptics + pRack + pOther
  const { usableMw, itCapMw, gridMw } = oracleBudget(config)
  const usableW = Number(usableMw) / 1000
  const withinSpace = rack?.max_racks === undefined || racks <= rack.max_racks
  const fits = n % step === 0 && withinSpace && one.buildable && pTotal <= usableW
  return {
    tiers: one.tiers,
    L,
    S,
    C,
    U,
    U2,
    H,
    racks,
    step,
    buildable: one.buildable,
    withinSpace,
    pNode,
    pNodeNameplate,
    pSwitching,
    pOptics,
    pRack,
    pOther,
    pTotal,
    fits,
    usableW,
    itCapW: Number(itCapMw) / 1000,
    gridW: gridMw === undefined ? undefined : Number(gridMw) / 1000,
    /** v1's name for the cap the solver compares against. */
    capW: usableW,
  }
}

/** The answer by brute force: every multiple of the step from 0 to the node-power bound, no monotonicity assumed. */
export function linearScan(config: ClusterConfig): number {
  const { pNode, usableW, step } = oracle(config, 0)
  let best = 0
  for (let n = 0; n <= Math.floor(usableW / pNode); n += step) if (oracle(config, n).fits) best = n
  return best
}

/** "limited_by: for next = nodes + step, space when racks(next) > max_racks; else fabric when next cannot be built; else power." */
export function oracleLimitedBy(config: ClusterConfig, nodes: number): 'space' | 'fabric' | 'power' {
  const next = oracle(config, nodes + oracle(config, 0).step)
  if (!next.withinSpace) return 'space'
  if (!next.buildable) return 'fabric'
  return 'power'
}
