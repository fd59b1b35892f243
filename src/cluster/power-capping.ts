// The GPU power-cap optimizer: the per-GPU power limit that gives the most cluster throughput under the IT cap.
import { error, type Outcome } from '../diagnostics/diagnostic.js'
import type { ClusterConfig, PowerCappingSpec } from './cluster-config.js'
import { ONE, add, compare, decimalRatio, div, floor, min, mul, ratio, sub, toNumber, type Ratio } from './exact-ratio.js'
import { sameFabricUntil, type ModelRules } from './fabric-shape.js'
import { largestFitting } from './largest-fitting.js'
import type { Milliwatts } from './power.js'
import { fitsFloor, racksFor, sizingModel, stateAt, type SizingModel } from './sizing-model.js'

/**
 * GPU power capping under a fixed cap (docs/model.md, "GPU power capping").
 *
 * Run every GPU at a fraction f of gpu_w; only the GPUs' draw scales, the
 * rest of the node (p_node - gpus_per_node * gpu_w, provisioned or
 * nameplate), the fabric, the racks and other IT do not. Total throughput is
 * N * gpus_per_node * T(f). For a fixed node count N the best f is the
 * largest that still fits (T never falls as f rises), and because node power
 * is linear in f that largest f is closed-form:
 *
 *   f_max(N) = (usable_cap - overhead(N) - N * non_gpu_node) / (N * gpu_node)
 *
 * So the optimum is exact: evaluate every N (a multiple of the rack step when
 * whole racks are required) from the uncapped answer N0 up to the most nodes
 * that fit at min_fraction, and keep the best. Decisions
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
  /** nodes * gpus_per_node. */
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
  sizing: SizingModel
  config: ClusterConfig
  gpusPerNode: number
  /** Node counts come in multiples of this. */
  step: number
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
  const model = cappingModel(config, 'v2')
  const points: TradeoffPoint[] = [{ fraction: 1, nodes: uncappedNodes, throughput: uncappedNodes * model.gpusPerNode }]
  const upper = Math.min(nodesAt(model, model.minFraction, uncappedNodes), uncappedNodes + MAX_CAPPING_SCAN * model.step)
  for (let n = uncappedNodes + model.step; n <= upper; n += model.step) {
    const c = candidate(model, n)
    if (!c) break
    points.push({ fraction: c.approxFraction, nodes: n, throughput: c.approxThroughput })
  }
  return points
}

/**
 * Runs the optimizer for a config whose uncapped solve gave `uncappedNodes`
 * (N0): the optimum and its frontier, or MWP_CONFIG_SCALE (at
 * `power_capping.min_fraction`) when the study would weigh more than
 * MAX_CAPPING_SCAN node counts.
 */
export function studyPowerCapping(config: ClusterConfig, uncappedNodes: number, rules: ModelRules = 'v2'): Outcome<PowerCappingResult> {
  const model = cappingModel(config, rules)
  const n0 = uncappedNodes
  const optimized = optimizeWith(model, n0)
  if (!optimized.ok) return optimized
  const { best, point, upper } = optimized.value
  const { gain_vs_uncapped, ...optimumPoint } = point
  const fractions = [model.minFraction, ...model.curve.map(([f]) => f).filter((f) => compare(f, model.minFraction) > 0)]
  const frontier = fractions
    .filter((f) => compare(f, best.fraction) !== 0)
    // Every frontier fraction is in [min_fraction, 1], so its node count is between N0 and the count at min_fraction.
    .map((f) => pointAt(model, f, nodesAt(model, f, n0, upper), n0))
    .concat(optimumPoint)
    .sort((a, b) => a.fraction - b.fraction)
  return { ok: true, value: { ...optimumPoint, gain_vs_uncapped, frontier }, diagnostics: [] }
}

/** The optimum alone, without the frontier: what a sweep needs at each cap. Fails as studyPowerCapping does. */
export function optimizePowerCapping(config: ClusterConfig, uncappedNodes: number): Outcome<Omit<PowerCappingResult, 'frontier'>> {
  const optimized = optimizeWith(cappingModel(config, 'v2'), uncappedNodes)
  return optimized.ok ? { ok: true, value: optimized.value.point, diagnostics: [] } : optimized
}

function optimizeWith(
  model: CappingModel,
  n0: number,
): Outcome<{ best: { nodes: number; fraction: Ratio }; upper: number; point: Omit<PowerCappingResult, 'frontier'> }> {
  const upper = nodesAt(model, model.minFraction, n0)
  const counts = (upper - n0) / model.step
  if (counts > MAX_CAPPING_SCAN) {
    return {
      ok: false,
      diagnostics: [
        error('MWP_CONFIG_SCALE', `power_capping would compare ${counts} node counts; mwpack compares at most ${MAX_CAPPING_SCAN}`, {
          path: 'power_capping.min_fraction',
          hint: 'raise min_fraction, or study a smaller cap',
        }),
      ],
    }
  }
  const best = optimum(model, n0, upper)
  const uncapped = ratio(BigInt(n0 * model.gpusPerNode), 1n)
  const gain_vs_uncapped = n0 === 0 ? null : toNumber(div(exactThroughput(model, best.nodes, best.fraction), uncapped))
  return { ok: true, value: { best, upper, point: { ...pointAt(model, best.fraction, best.nodes, n0), gain_vs_uncapped } }, diagnostics: [] }
}

function cappingModel(config: ClusterConfig, rules: ModelRules): CappingModel {
  const spec = config.power_capping!
  const sizing = sizingModel(config, rules)
  return {
    sizing,
    config,
    gpusPerNode: config.node.gpus_per_node,
    step: sizing.step,
    cap: sizing.budget.usable,
    gpuNode: sizing.gpuNodeMw,
    // Negative when provisioned_w is below the GPUs' own draw; p_node(min_fraction) > 0 is a schema rule.
    baseNode: sizing.nodeMw - sizing.gpuNodeMw,
    minFraction: decimalRatio(spec.min_fraction),
    curve: spec.curve.map(([f, t]) => [decimalRatio(f), decimalRatio(t)] as const),
    curveFloat: spec.curve,
  }
}

/** Everything but the nodes' own draw (switches, optics, racks, other IT) for n nodes; undefined when n cannot be built or does not fit the floor. */
function fabricAndOther(model: CappingModel, n: number): Milliwatts | undefined {
  if (!fitsFloor(model.sizing, n)) return undefined
  const { shape, power } = stateAt(model.sizing, n, 0n)
  return shape.buildable ? power.total : undefined
}

/** Milliwatts left for the GPUs of n nodes (may be negative), or undefined when n cannot be wired. */
function gpuBudget(model: CappingModel, n: number): Milliwatts | undefined {
  const rest = fabricAndOther(model, n)
  return rest === undefined ? undefined : model.cap - rest - BigInt(n) * model.baseNode
}

/**
 * The most nodes (a multiple of the step) that fit with every GPU at
 * fraction f (f > 0, at or above min_fraction, so a capped node draws more
 * than nothing), searched between `lo` (known to fit) and `hi` (known to
 * bound the answer) when the caller knows better bounds than 0 and the nodes
 * alone.
 */
function nodesAt(model: CappingModel, f: Ratio, lo = 0, hi?: number): number {
  // n * (base + f * gpu) + rest(n) <= cap, scaled by f's denominator to stay in integers.
  const perNode = model.baseNode * f.d + f.n * model.gpuNode
  const bound = hi ?? Number((model.cap * f.d) / perNode)
  const step = model.step
  const fitsAt = (k: number) => {
    const rest = fabricAndOther(model, k * step)
    return rest !== undefined && BigInt(k * step) * perNode + rest * f.d <= model.cap * f.d
  }
  return largestFitting(Math.floor(bound / step), fitsAt, lo / step) * step
}

/** One node count at its largest fitting fraction: exact for decisions, floating point for screening and charts. */
interface Candidate {
  nodes: number
  fraction: Ratio
  approxFraction: number
  approxThroughput: number
}

/** n nodes at f_max(n), or undefined when n nodes cannot be wired. */
function candidate(model: CappingModel, n: number): Candidate | undefined {
  const budget = gpuBudget(model, n)
  if (budget === undefined) return undefined
  const fraction = min(ONE, ratio(budget, BigInt(n) * model.gpuNode))
  const approxFraction = Math.min(1, Number(budget) / (n * Number(model.gpuNode)))
  return { nodes: n, fraction, approxFraction, approxThroughput: n * model.gpusPerNode * throughputAt(model.curveFloat, approxFraction) }
}

/**
 * The node count with the most throughput, each at f_max, over N0+1 to
 * `upper` (the most that fit at min_fraction, so every one of them reaches it).
 *
 * Not every count needs weighing. While one more node needs no new switch
 * (a "run" of counts with the same fabric, fabric-shape.ts), fabric and other
 * IT power is affine in N, so N * f_max(N) is affine too, and so is
 * N * T(f_max(N)) wherever T is one straight piece. An affine function peaks
 * at an end: the candidates are each run's ends and the counts on either
 * side of each curve point's crossing. The test suite checks this against
 * weighing every count.
 */
function optimum(model: CappingModel, n0: number, upper: number): { nodes: number; fraction: Ratio } {
  let best: Candidate = { nodes: n0, fraction: ONE, approxFraction: 1, approxThroughput: n0 * model.gpusPerNode }
  for (let start = n0 + model.step; start <= upper;) {
    const end = Math.min(upper, sameOverheadUntil(model, start))
    const first = candidate(model, start)
    if (!first) break // the fabric and the floor never un-break: no larger count can be built either
    for (const n of [start, ...crossings(model, first, end), end]) {
      const next = n === start ? first : candidate(model, n)!
      if (beats(model, next, best)) best = next
    }
    start = end + model.step
  }
  return best
}

/**
 * The largest multiple of the step m >= n whose overhead (fabric, racks,
 * other IT) grows by the same amount per node as n's: the same switches
 * (fabric-shape.ts) and, when racks draw power of their own, the same racks.
 */
function sameOverheadUntil(model: CappingModel, n: number): number {
  let end = sameFabricUntil(n, model.config)
  const rack = model.config.rack
  if (rack && model.sizing.costs.rack > 0n) end = Math.min(end, racksFor(model.sizing, n)! * rack.nodes_per_rack)
  return Math.floor(end / model.step) * model.step
}

/**
 * Within the run from `first` to `end`: for each curve point, the last count
 * whose f_max is still at or above it and the first below, in order.
 */
function crossings(model: CappingModel, first: Candidate, end: number): number[] {
  const start = first.nodes
  const step = model.step
  if (end <= start + step) return []
  // rest(n) = k + n * slope over the run; measured, not re-derived from the power formulas.
  const rest0 = fabricAndOther(model, start)!
  const slope = (fabricAndOther(model, start + step)! - rest0) / BigInt(step)
  const k = rest0 - BigInt(start) * slope
  const out = new Set<number>()
  // Every count up to `upper` reaches min_fraction, so curve points below it are never crossed.
  for (const [f] of model.curve.filter(([f]) => compare(f, model.minFraction) >= 0)) {
    // f_max(n) >= f  <=>  cap - k - n * (slope + base) >= f * n * gpu  <=>  n <= (cap - k) / (slope + base + f * gpu)
    const last = Number(((model.cap - k) * f.d) / ((slope + model.baseNode) * f.d + f.n * model.gpuNode))
    const lastStep = Math.floor(last / step) * step
    for (const n of [lastStep, lastStep + step]) if (n > start && n < end) out.add(n)
  }
  return [...out].sort((a, b) => a - b)
}

/**
 * Strictly more throughput. Screened in floating point; two within a relative
 * 1e-9 (far above float error, far below a real difference) are compared
 * exactly, so an exact tie keeps the incumbent: the smaller cluster, whose
 * fraction is higher.
 */
function beats(model: CappingModel, a: Candidate, b: Candidate): boolean {
  const close = Math.abs(a.approxThroughput - b.approxThroughput) <= 1e-9 * Math.max(a.approxThroughput, b.approxThroughput)
  if (!close) return a.approxThroughput > b.approxThroughput
  return compare(exactThroughput(model, a.nodes, a.fraction), exactThroughput(model, b.nodes, b.fraction)) > 0
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
