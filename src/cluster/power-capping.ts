// The GPU power-capping study: frontier, optimum and break-even throughput.
import { MwpackError, error } from '../diagnostics/diagnostic.js'
import type { ClusterConfig, PowerCappingSpec } from './cluster-schema.js'
import { fabricShape } from './fabric-shape.js'
import { largestFitting } from './largest-fitting.js'
import { capMilliwatts, clusterPower, nodeGpuPowerMw, nodePowerMw } from './power.js'

/**
 * GPU power capping under a fixed IT cap (spec/model.md, "Extension"): run
 * every GPU at a fraction f of gpu_w, fit more nodes, and ask whether the
 * extra nodes buy more throughput than each GPU loses.
 */

export interface PowerCappingPoint {
  /** GPU power as a fraction of gpu_w. */
  fraction: number
  gpu_power_w: number
  /** The most nodes that fit with every GPU at this fraction. */
  nodes: number
  gpus: number
  throughput_gpu_equivalents: number
  /** Uncapped nodes / these nodes: T(fraction) must exceed it for capping to pay. Null at zero nodes. */
  break_even_throughput: number | null
}

export interface PowerCappingResult extends PowerCappingPoint {
  /** Throughput over the uncapped cluster's; null when the uncapped cluster has no nodes. */
  gain_vs_uncapped: number | null
  /** The study at min_fraction and at every curve point from there to 1. */
  frontier: PowerCappingPoint[]
}

/** Past this many node counts to scan, the study is too large to be a design question. */
const MAX_SCAN = 20_000_000

/** T(f): piecewise-linear through the curve points (validated to cover [min_fraction, 1] and end at (1, 1)). */
export function throughputAt(curve: PowerCappingSpec['curve'], f: number): number {
  const first = curve[0]!
  if (f <= first.fraction) return first.throughput
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1]!
    const b = curve[i]!
    if (f <= b.fraction) return a.throughput + ((b.throughput - a.throughput) * (f - a.fraction)) / (b.fraction - a.fraction)
  }
  return curve.at(-1)!.throughput
}

/** Runs the study for a config whose uncapped solve gave `uncappedNodes` (N0). */
export function studyPowerCapping(config: ClusterConfig, uncappedNodes: number): PowerCappingResult {
  const spec = config.power_capping!
  const gpusPerNode = config.node.gpus_per_node
  const cap = Number(capMilliwatts(config))
  const pNode = Number(nodePowerMw(config.node))
  const gpu = Number(nodeGpuPowerMw(config.node))
  const n0 = uncappedNodes

  /** Everything but the nodes themselves, for n nodes; undefined when n cannot be wired. */
  const fabricAndOther = (n: number): number | undefined => {
    const shape = fabricShape(n, config)
    if (!shape.buildable) return undefined
    const p = clusterPower(n, shape, config, 0n)
    return Number(p.total)
  }
  /** f_max(n): the largest fraction at which n nodes fit, or undefined below min_fraction. */
  const maxFraction = (n: number): number | undefined => {
    const rest = fabricAndOther(n)
    if (rest === undefined) return undefined
    const f = Math.min(1, (cap - rest - n * (pNode - gpu)) / (n * gpu))
    return f >= spec.min_fraction ? f : undefined
  }
  const point = (fraction: number, nodes: number): PowerCappingPoint => ({
    fraction,
    gpu_power_w: Math.round(fraction * config.node.gpu_w * 1000) / 1000, // to the milliwatt, like every power figure
    nodes,
    gpus: nodes * gpusPerNode,
    // To a thousandth of a GPU: the curve is a measurement, and float noise in the 13th digit helps no reader.
    throughput_gpu_equivalents: Math.round(nodes * gpusPerNode * throughputAt(spec.curve, fraction) * 1000) / 1000,
    break_even_throughput: nodes === 0 ? null : n0 / nodes,
  })

  // The most nodes at min_fraction bounds the scan.
  const lowest = pNode - gpu * (1 - spec.min_fraction)
  const upper = Math.floor(cap / lowest)
  if (upper - n0 > MAX_SCAN) {
    throw new MwpackError([
      error('MWP_CONFIG_SCALE', `power_capping would compare ${upper - n0} node counts; mwpack studies at most ${MAX_SCAN}`, {
        path: 'power_capping',
        hint: 'raise min_fraction or study a smaller cap',
      }),
    ])
  }

  // Throughput is compared strictly, so on a tie the smaller cluster (the higher fraction) stays.
  let best = point(1, n0)
  for (let n = n0 + 1; n <= upper; n++) {
    const f = maxFraction(n)
    if (f === undefined) break // f_max falls with n and the fabric never un-breaks: nothing larger fits.
    const candidate = point(f, n)
    if (candidate.throughput_gpu_equivalents > best.throughput_gpu_equivalents) best = candidate
  }

  const fractions = [...new Set([spec.min_fraction, ...spec.curve.map((p) => p.fraction).filter((f) => f >= spec.min_fraction)])].sort((a, b) => a - b)
  const frontier = fractions.map((fraction) => point(fraction, fraction === 1 ? n0 : nodesAtFraction(fraction)))

  return {
    ...best,
    gain_vs_uncapped: n0 === 0 ? null : best.throughput_gpu_equivalents / (n0 * gpusPerNode),
    frontier,
  }

  function nodesAtFraction(fraction: number): number {
    const perNode = pNode - gpu * (1 - fraction)
    return largestFitting(Math.floor(cap / perNode), (n) => {
      const rest = fabricAndOther(n)
      return rest !== undefined && n * perNode + rest <= cap
    })
  }
}
