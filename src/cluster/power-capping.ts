// The GPU power-cap optimizer: the per-GPU power limit that gives the most cluster throughput under the IT cap.
import { MwpackError, error } from '../diagnostics/diagnostic.js'
import type { ClusterConfig, PowerCappingSpec } from './cluster-schema.js'
import { ONE, add, compare, decimalRatio, div, floor, min, mul, ratio, sub, toNumber, type Ratio } from './exact-ratio.js'
import { fabricShape } from './fabric-shape.js'
import { largestFitting } from './largest-fitting.js'
import { capMilliwatts, clusterPower, nodeGpuPowerMw, nodePowerMw, type Milliwatts } from './power.js'

/**
 * GPU power capping under a fixed IT cap (spec/model.md, "Extension").
 *
 * Run every GPU at a fraction f of gpu_w; only the GPUs' draw scales, the
 * rest of the node and the fabric do not. Total throughput is
 * N * gpus_per_node * T(f). For a fixed node count N the best f is the
 * largest that still fits (T never falls as f rises), and because node power
 * is linear in f that largest f is closed-form:
 *
 *   f_max(N) = (cap - fabric(N) - other - N * non_gpu_node) / (N * gpu_node)
 *
 * So the optimum is exact: evaluate every N from the uncapped answer N0 up
 * to the most nodes that fit at min_fraction, and keep the best. Decisions
 * are made in exact rationals (watts as whole milliwatts, curve numbers as
 * the decimals written), so a tie is a real tie and goes to the higher
 * fraction, and the reported per-GPU limit always fits under the cap.
 */

export interface PowerCappingPoint {
  /** GPU power as a fraction of gpu_w (the nearest double to the exact value; gpu_power_w is the limit to set). */
  fraction: number
  /** The per-GPU power limit, rounded down to the milliwatt so that setting it keeps the cluster under the cap. */
  gpu_power_w: number
  /** The node count: at the optimum, the one that maximizes throughput; on the frontier, the most that fit at `fraction`. */
  nodes: number
  gpus: number
  /** gpus * T(fraction), to a thousandth of a GPU. */
  throughput_gpu_equivalents: number
  /** Uncapped nodes / these nodes: T(fraction) must exceed it for capping to pay. Null at zero nodes. */
  break_even_throughput: number | null
}

export interface PowerCappingResult extends PowerCappingPoint {
  /** Throughput over the uncapped cluster's (N0 * gpus_per_node); null when the uncapped cluster has no nodes. */
  gain_vs_uncapped: number | null
  /** The trade-off a chart needs, by rising fraction: min_fraction, every curve point above it, and the optimum. */
  frontier: PowerCappingPoint[]
}

/** Past this many node counts to compare, the study is too large to be a design question (and would take minutes). */
export const MAX_CAPPING_SCAN = 2_000_000

/** The model's view of one config: everything in exact units, computed once. */
interface CappingModel {
  config: ClusterConfig
  gpusPerNode: number
  cap: Milliwatts
  /** GPU milliwatts of one node at full power. */
  gpuNode: Milliwatts
  /** Everything else in one node, which capping does not touch. */
  baseNode: Milliwatts
  minFraction: Ratio
  /** Curve points as exact decimals, for decisions. */
  curve: Array<readonly [Ratio, Ratio]>
  /** The same points as doubles, to screen candidates quickly. */
  curveFloat: PowerCappingSpec['curve']
}

/** T(f) in floating point: piecewise-linear through the curve, flat below its first point. */
export function throughputAt(curve: PowerCappingSpec['curve'], f: number): number {
  const [f0, t0] = curve[0]!
  if (f <= f0) return t0
  for (let i = 1; i < curve.length; i++) {
    const [fa, ta] = curve[i - 1]!
    const [fb, tb] = curve[i]!
    if (f <= fb) return ta + ((tb - ta) * (f - fa)) / (fb - fa)
  }
  return curve.at(-1)![1]
}

/** T(f) exactly. */
function exactThroughputAt(curve: CappingModel['curve'], f: Ratio): Ratio {
  const [f0, t0] = curve[0]!
  if (compare(f, f0) <= 0) return t0
  for (let i = 1; i < curve.length; i++) {
    const [fa, ta] = curve[i - 1]!
    const [fb, tb] = curve[i]!
    if (compare(f, fb) <= 0) return add(ta, div(mul(sub(tb, ta), sub(f, fa)), sub(fb, fa)))
  }
  return curve.at(-1)![1]
}

/** One node count of the trade-off, at its largest fitting fraction (floating point: for charts). */
export interface TradeoffPoint {
  fraction: number
  nodes: number
  throughput: number
}

/**
 * Every candidate the optimizer weighs, from the uncapped cluster (fraction 1)
 * to the most nodes at min_fraction: the curve of throughput against
 * per-GPU power that the rendered memo draws.
 */
export function powerCappingTradeoff(config: ClusterConfig, uncappedNodes: number): TradeoffPoint[] {
  const model = cappingModel(config)
  const points: TradeoffPoint[] = [{ fraction: 1, nodes: uncappedNodes, throughput: uncappedNodes * model.gpusPerNode }]
  const upper = Math.min(nodesAt(model, model.minFraction), uncappedNodes + MAX_CAPPING_SCAN)
  optimum(model, uncappedNodes, upper, (point) => points.push(point))
  return points
}

/** Runs the optimizer for a config whose uncapped solve gave `uncappedNodes` (N0): the optimum and its frontier. */
export function studyPowerCapping(config: ClusterConfig, uncappedNodes: number): PowerCappingResult {
  const model = cappingModel(config)
  const n0 = uncappedNodes
  const { best, point } = optimizeWith(model, n0)
  const { gain_vs_uncapped, ...optimumPoint } = point
  const fractions = [model.minFraction, ...model.curve.map(([f]) => f).filter((f) => compare(f, model.minFraction) > 0)]
  const frontier = fractions
    .filter((f) => compare(f, best.fraction) !== 0)
    .map((f) => pointAt(model, f, nodesAt(model, f), n0))
    .concat(optimumPoint)
    .sort((a, b) => a.fraction - b.fraction)
  return { ...optimumPoint, gain_vs_uncapped, frontier }
}

/** The optimum alone, without the frontier: what a sweep needs at each cap. */
export function optimizePowerCapping(config: ClusterConfig, uncappedNodes: number): Omit<PowerCappingResult, 'frontier'> {
  return optimizeWith(cappingModel(config), uncappedNodes).point
}

function optimizeWith(model: CappingModel, n0: number) {
  const upper = nodesAt(model, model.minFraction)
  if (upper - n0 > MAX_CAPPING_SCAN) {
    throw new MwpackError([
      error('MWP_CONFIG_SCALE', `power_capping would compare ${upper - n0} node counts; mwpack compares at most ${MAX_CAPPING_SCAN}`, {
        path: 'power_capping.min_fraction',
        hint: 'raise min_fraction, or study a smaller cap',
      }),
    ])
  }
  const best = optimum(model, n0, upper)
  const uncapped = ratio(BigInt(n0 * model.gpusPerNode), 1n)
  const gain_vs_uncapped = n0 === 0 ? null : toNumber(div(exactThroughput(model, best.nodes, best.fraction), uncapped))
  return { best, point: { ...pointAt(model, best.fraction, best.nodes, n0), gain_vs_uncapped } }
}

function cappingModel(config: ClusterConfig): CappingModel {
  const spec = config.power_capping!
  const gpuNode = nodeGpuPowerMw(config.node)
  return {
    config,
    gpusPerNode: config.node.gpus_per_node,
    cap: capMilliwatts(config),
    gpuNode,
    baseNode: nodePowerMw(config.node) - gpuNode,
    minFraction: decimalRatio(spec.min_fraction),
    curve: spec.curve.map(([f, t]) => [decimalRatio(f), decimalRatio(t)] as const),
    curveFloat: spec.curve,
  }
}

/** Switches, optics and other IT for n nodes; undefined when n nodes cannot be wired. */
function fabricAndOther(model: CappingModel, n: number): Milliwatts | undefined {
  const shape = fabricShape(n, model.config)
  return shape.buildable ? clusterPower(n, shape, model.config, 0n).total : undefined
}

/** Milliwatts left for the GPUs of n nodes (may be negative), or undefined when n cannot be wired. */
function gpuBudget(model: CappingModel, n: number): Milliwatts | undefined {
  const rest = fabricAndOther(model, n)
  return rest === undefined ? undefined : model.cap - rest - BigInt(n) * model.baseNode
}

/** The most nodes that fit with every GPU at fraction f (f > 0). */
function nodesAt(model: CappingModel, f: Ratio): number {
  // n * (base + f * gpu) + rest(n) <= cap, scaled by f's denominator to stay in integers.
  const perNode = model.baseNode * f.d + f.n * model.gpuNode
  const bound = Number((model.cap * f.d) / perNode)
  return largestFitting(bound, (n) => {
    const rest = fabricAndOther(model, n)
    return rest !== undefined && BigInt(n) * perNode + rest * f.d <= model.cap * f.d
  })
}

/**
 * The node count with the most throughput, each at its f_max, scanning N0+1
 * up to `upper`. Candidates are screened in floating point; any two within a
 * relative 1e-9 (far above float error, far below a real difference) are
 * compared exactly, and a tie keeps the smaller cluster, whose fraction is higher.
 */
function optimum(model: CappingModel, n0: number, upper: number, visit?: (point: TradeoffPoint) => void): { nodes: number; fraction: Ratio } {
  const g = model.gpusPerNode
  const gpuNode = Number(model.gpuNode)
  let best = { nodes: n0, fraction: ONE, throughput: n0 * g }
  for (let n = n0 + 1; n <= upper; n++) {
    const budget = gpuBudget(model, n)
    if (budget === undefined) break // the fabric never un-breaks: no larger n can be wired either
    const exactFraction = min(ONE, ratio(budget, BigInt(n) * model.gpuNode))
    if (compare(exactFraction, model.minFraction) < 0) break // f_max falls as n grows
    const fraction = Number(budget) / (n * gpuNode)
    const throughput = n * g * throughputAt(model.curveFloat, fraction)
    visit?.({ fraction, nodes: n, throughput })
    const close = Math.abs(throughput - best.throughput) <= 1e-9 * Math.max(throughput, best.throughput)
    if (close ? compare(exactThroughput(model, n, exactFraction), exactThroughput(model, best.nodes, best.fraction)) > 0 : throughput > best.throughput) {
      best = { nodes: n, fraction: exactFraction, throughput }
    }
  }
  return best
}

function exactThroughput(model: CappingModel, nodes: number, fraction: Ratio): Ratio {
  return mul(ratio(BigInt(nodes * model.gpusPerNode), 1n), exactThroughputAt(model.curve, fraction))
}

function pointAt(model: CappingModel, fraction: Ratio, nodes: number, n0: number): PowerCappingPoint {
  const gpus = nodes * model.gpusPerNode
  return {
    fraction: toNumber(fraction),
    // f * gpu_w in whole milliwatts, rounded down: a limit that, set on every GPU, still fits.
    gpu_power_w: Number(floor(mul(fraction, ratio(model.gpuNode, BigInt(model.gpusPerNode))))) / 1000,
    nodes,
    gpus,
    // To a thousandth of a GPU: the curve is a measurement, and float noise in the 13th digit helps no reader.
    throughput_gpu_equivalents: Math.round(toNumber(exactThroughput(model, nodes, fraction)) * 1000) / 1000,
    break_even_throughput: nodes === 0 ? null : n0 / nodes,
  }
}
