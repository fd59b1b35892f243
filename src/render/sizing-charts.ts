// The rendered memo's two trade-off charts: GPUs and throughput against the IT cap, and throughput against GPU power.
import { capsAround, sweepCap, sweptValue } from '../cluster/cap-sweep.js'
import { powerCappingTradeoff, throughputAt } from '../cluster/power-capping.js'
import type { ClusterReport } from '../cluster/size-cluster.js'
import { displayNumber, mw, percent, showKey, throughput, watts } from '../format/display.js'
import { lineChart } from './line-chart.js'

/** Caps the chart samples: 40 even steps up to twice the memo's cap, so the memo's own cap is a sample. */
const SWEEP_STEPS = 40
const SWEEP_SPAN = 2
/** More corners than this and a chart's path only grows, not sharpens. */
const MAX_PATH_POINTS = 600

/** Axis ticks in as megawatts show everywhere, the unit in the axis label. */
const mwTick = (value: number) => displayNumber(value, { unit: 'MW' })

/**
 * GPUs (and, with a power_capping block, optimized throughput) against the IT
 * cap, or against the grid connection when the config has a facility block;
 * undefined if the sweep cannot run.
 */
export function capSweepChart(report: ClusterReport): string | undefined {
  const cap = sweptValue(report.inputs)
  const grid = report.inputs.facility !== undefined
  const swept = sweepCap(report.inputs, capsAround(cap, SWEEP_STEPS, SWEEP_SPAN))
  if (!swept.ok) return undefined
  const points = swept.value
  const x = (p: (typeof points)[number]) => (grid ? p.grid_mw! : p.it_cap_mw)
  const series = [{ label: 'GPUs at full power', color: '#2f6fdb', points: [[0, 0] as const, ...points.map((p) => [x(p), p.gpus] as const)] }]
  if (report.power_capping) {
    series.push({
      label: 'Throughput at the best GPU power',
      color: '#e07b24',
      points: [[0, 0] as const, ...points.map((p) => [x(p), p.power_capping!.throughput_gpu_equivalents] as const)],
    })
  }
  const against = grid ? 'the grid connection' : 'the IT cap'
  return lineChart({
    id: 'cap-sweep-chart',
    title: `GPUs${report.power_capping ? ' and throughput' : ''} against ${against}, 0 to ${mw(cap * SWEEP_SPAN)}`,
    x: { label: grid ? 'Grid connection (MW)' : 'IT power cap (MW)', min: 0, max: cap * SWEEP_SPAN, format: mwTick },
    y: { label: report.power_capping ? 'GPUs / GPU-equivalents' : 'GPUs' },
    series,
    rule: { x: cap, label: `this memo: ${mw(cap)}` },
  })
}

/** Cluster throughput against per-GPU power, with the optimum marked; undefined when there is nothing to trade. */
export function cappingChart(report: ClusterReport): string | undefined {
  const best = report.power_capping
  // Without a power_capping block, or when not even a capped node fits, there is no trade-off to draw.
  if (!best || best.nodes === 0) return undefined
  const line = throughputAtEveryPower(report)
  const min = report.inputs.power_capping!.min_fraction * 100
  const uncapped = report.gpus
  // Ticks are percentages of gpu_w (the axis is 0 to 100): shown as the fractions they are.
  const pct = (value: number) => percent(Number((value / 100).toFixed(6)))
  return lineChart({
    id: 'capping-chart',
    title: `Cluster throughput against per-GPU power under the ${showKey('usable_cap_w', report.usable_cap_w, 'MW')} cap`,
    x: { label: `GPU power (% of ${watts(report.inputs.node.gpu_w)})`, min, max: 100, format: pct },
    y: { label: 'GPU-equivalents', fromZero: false },
    series: [
      { label: 'Throughput at this GPU power', color: '#e07b24', points: line },
      {
        label: "The report's frontier",
        color: '#8a5cc9',
        dots: true,
        points: best.frontier.map((p) => [p.fraction * 100, p.throughput_gpu_equivalents] as const),
      },
      {
        label: 'Uncapped cluster',
        color: '#2f6fdb',
        points: [
          [min, uncapped],
          [100, uncapped],
        ],
      },
    ],
    highlight: {
      x: best.fraction * 100,
      y: best.throughput_gpu_equivalents,
      label: `best: ${percent(best.fraction)} (${watts(best.gpu_power_w, true)}), ${throughput(best.throughput_gpu_equivalents)}`,
    },
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
  const at = (f: number, nodes: number) => [f * 100, nodes * g * throughputAt(curve, f)] as const
  if (corners.length > MAX_PATH_POINTS) return corners.map((c) => [c.fraction * 100, c.throughput] as const)
  const path = [at(min_fraction, corners[0]!.nodes)]
  corners.forEach((corner, i) => {
    const from = i === 0 ? min_fraction : corners[i - 1]!.fraction
    if (i > 0) path.push(at(from, corner.nodes)) // just above the previous corner, one node fewer
    for (const [f] of curve) if (f > from && f < corner.fraction) path.push(at(f, corner.nodes))
    path.push([corner.fraction * 100, corner.throughput])
  })
  return path
}
