// The rendered memo's two trade-off charts: GPUs per MW against the budget with the tier steps, and throughput against the GPU power limit.
import { capsAround, sweepCap, sweptValue } from '../cluster/cap-sweep.js'
import type { ClusterConfig } from '../cluster/cluster-config.js'
import { fabricShape } from '../cluster/fabric-shape.js'
import { powerCappingTradeoff, throughputAt } from '../cluster/power-capping.js'
import type { ClusterReport } from '../cluster/size-cluster.js'
import { count, displayNumber, mw, percent, watts } from '../format/display.js'
import { lineChart } from './line-chart.js'

/** Caps the chart samples: 80 even steps up to twice the memo's, so the memo's own is a sample and a tier step is placed to a fortieth of it. */
const SWEEP_STEPS = 80
const SWEEP_SPAN = 2
/** More corners than this and a chart's path only grows, not sharpens. */
const MAX_PATH_POINTS = 600

/** Axis ticks in as megawatts show everywhere, the unit in the axis label. */
const mwTick = (value: number) => displayNumber(value, { unit: 'MW' })
/** Ticks of a fraction axis, as the percentages they are. */
const pctTick = (value: number) => percent(Number(value.toFixed(6)))
/** Ticks of a watts axis, the unit in the axis label. */
const wTick = (value: number) => displayNumber(value, { unit: 'W' })

/**
 * GPUs per MW of IT power against the IT cap, or against the grid connection
 * when the config has a facility block, from zero, with each change in the
 * fabric's tiers marked where it happens, and the density the nodes alone
 * would give (no fabric, racks or other IT) for scale. Undefined if the sweep
 * cannot run.
 */
export function capSweepChart(report: ClusterReport): string | undefined {
  const cap = sweptValue(report.inputs)
  const grid = report.inputs.facility !== undefined
  // GPUs per MW needs no capping study: leave it out, it is the slow part of a sweep.
  const { power_capping: _, ...uncapped } = report.inputs
  const swept = sweepCap(uncapped as ClusterConfig, capsAround(cap, SWEEP_STEPS, SWEEP_SPAN), 'the chart sweep')
  if (!swept.ok) return undefined
  const points = swept.value.filter((p) => p.nodes > 0)
  const x = (p: (typeof points)[number]) => (grid ? p.grid_mw! : p.it_cap_mw)
  const tierSteps = points.flatMap((p, i) => (i > 0 && p.tiers !== points[i - 1]!.tiers ? [{ x: x(p), label: `${p.tiers} tiers` }] : []))
  // The nodes alone: GPUs per MW of IT cap if every usable watt ran nodes.
  const ceiling = (report.inputs.node.gpus_per_node * 1e6 * (1 - report.inputs.margin_fraction)) / report.p_node_w
  const against = grid ? 'the grid connection' : 'the IT cap'
  return lineChart({
    id: 'cap-sweep-chart',
    title: `GPUs per MW of IT power against ${against}, 0 to ${mw(cap * SWEEP_SPAN)}, with the tier steps of the fabric`,
    x: { label: grid ? 'Grid connection (MW)' : 'IT power cap (MW)', min: 0, max: cap * SWEEP_SPAN, format: mwTick },
    y: { label: 'GPUs per MW of IT power' },
    series: [
      { label: 'GPUs per MW', color: '#2f6fdb', points: points.map((p) => [x(p), p.gpus_per_mw] as const) },
      {
        label: 'Nodes alone',
        color: '#9aa3ad',
        points: [
          [0, ceiling],
          [cap * SWEEP_SPAN, ceiling],
        ],
      },
    ],
    rule: { x: cap, label: `this memo: ${mw(cap)}` },
    marks: tierSteps,
  })
}

/**
 * Cluster throughput relative to the uncapped cluster against the per-GPU
 * power limit, both axes from zero: above the break-even line at 1 capping
 * pays. Dots mark where the fabric is full (the next node buys a spine, a
 * core or a tier), the circle the optimum. Undefined when there is nothing
 * to trade: no power_capping block, or no node fits even capped.
 */
export function cappingChart(report: ClusterReport): string | undefined {
  const best = report.power_capping
  if (!best || best.nodes === 0 || report.gpus === 0) return undefined
  const gpuW = report.inputs.node.gpu_w
  const uncapped = report.gpus
  const line = throughputAtEveryPower(report).map(([f, t]) => [f * gpuW, t / uncapped] as const)
  const full = fabricFullPoints(report).map((p) => [p.fraction * gpuW, p.throughput / uncapped] as const)
  return lineChart({
    id: 'capping-chart',
    title: `Cluster throughput relative to ${count(uncapped)} uncapped GPUs, against the per-GPU power limit`,
    x: { label: `GPU power limit (W, of ${watts(gpuW)})`, min: 0, max: gpuW, format: wTick },
    y: { label: 'Throughput / uncapped', format: pctTick },
    series: [
      { label: 'Most nodes that fit at this limit', color: '#e07b24', points: line },
      { label: 'Fabric full', color: '#8a5cc9', dots: true, points: full },
    ],
    level: { y: 1, label: 'break-even: the uncapped cluster' },
    highlight: {
      x: best.fraction * gpuW,
      y: best.gain_vs_uncapped ?? best.throughput_gpu_equivalents / uncapped,
      label: `best: ${watts(best.gpu_power_w, true)} per GPU, ${percent(best.gain_vs_uncapped ?? 0)} of uncapped`,
    },
  })
}

/** The trade-off's node counts at which the fabric is full: one more node needs a spine, a core or a tier. */
function fabricFullPoints(report: ClusterReport): Array<{ fraction: number; throughput: number }> {
  const config = report.inputs
  return powerCappingTradeoff(config, report.nodes).filter((p) => {
    const here = fabricShape(p.nodes, config)
    const next = fabricShape(p.nodes + 1, config)
    return next.tiers !== here.tiers || next.spines !== here.spines || next.cores !== here.cores
  })
}

/**
 * Cluster throughput as a function of the per-GPU power limit f: the most
 * nodes that fit at f, times their GPUs, times T(f). Walking f down from
 * full power, each node count holds over an interval and then one more node
 * fits: a slope (T falling) and a jump (a node added). The corners are the
 * optimizer's candidates; the curve's own breakpoints bend the slopes. Past
 * MAX_PATH_POINTS corners the jumps are finer than a pixel, and the corners
 * alone are drawn.
 */
function throughputAtEveryPower(report: ClusterReport): Array<readonly [number, number]> {
  const { curve, min_fraction } = report.inputs.power_capping!
  const g = report.inputs.node.gpus_per_node
  const corners = powerCappingTradeoff(report.inputs, report.nodes).sort((a, b) => a.fraction - b.fraction)
  const at = (f: number, nodes: number) => [f, nodes * g * throughputAt(curve, f)] as const
  if (corners.length > MAX_PATH_POINTS) return corners.map((c) => [c.fraction, c.throughput] as const)
  const path = [at(min_fraction, corners[0]!.nodes)]
  corners.forEach((corner, i) => {
    const from = i === 0 ? min_fraction : corners[i - 1]!.fraction
    if (i > 0) path.push(at(from, corner.nodes)) // just above the previous corner, one node fewer
    for (const [f] of curve) if (f > from && f < corner.fraction) path.push(at(f, corner.nodes))
    path.push([corner.fraction, corner.throughput])
  })
  return path
}
