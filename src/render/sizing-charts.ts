// The rendered memo's two trade-off charts: GPUs and throughput against the IT cap, and throughput against GPU power.
import { capsAround, sweepCap } from '../cluster/cap-sweep.js'
import { powerCappingTradeoff } from '../cluster/power-capping.js'
import type { ClusterReport } from '../cluster/size-cluster.js'
import { withThousands } from '../format/numbers.js'
import { lineChart } from './line-chart.js'

/** Caps the chart samples: 40 even steps up to twice the memo's cap, so the memo's own cap is a sample. */
const SWEEP_STEPS = 40
const SWEEP_SPAN = 2
/** More points than this and a chart's path only grows, not sharpens: keep every k-th (and the optimum). */
const MAX_PATH_POINTS = 600

const mw = (value: number) => withThousands(Number(value.toFixed(3)))

/** GPUs (and, with a power_capping block, optimized throughput) against the IT cap; undefined if the sweep cannot run. */
export function capSweepChart(report: ClusterReport): string | undefined {
  const cap = report.inputs.it_cap_mw
  const swept = sweepCap(report.inputs, capsAround(cap, SWEEP_STEPS, SWEEP_SPAN))
  if (!swept.ok) return undefined
  const points = swept.value
  const series = [{ label: 'GPUs at full power', color: '#2f6fdb', points: [[0, 0] as const, ...points.map((p) => [p.it_cap_mw, p.gpus] as const)] }]
  if (report.power_capping) {
    series.push({
      label: 'Throughput at the best GPU power',
      color: '#e07b24',
      points: [[0, 0] as const, ...points.map((p) => [p.it_cap_mw, p.power_capping!.throughput_gpu_equivalents] as const)],
    })
  }
  return lineChart({
    id: 'cap-sweep-chart',
    title: `GPUs${report.power_capping ? ' and throughput' : ''} against the IT cap, 0 to ${mw(cap * SWEEP_SPAN)} MW`,
    x: { label: 'IT power cap (MW)', min: 0, max: cap * SWEEP_SPAN, format: mw },
    y: { label: report.power_capping ? 'GPUs / GPU-equivalents' : 'GPUs' },
    series,
    rule: { x: cap, label: `this memo: ${mw(cap)} MW` },
  })
}

/** Cluster throughput against per-GPU power, with the optimum marked; undefined without a power_capping block. */
export function cappingChart(report: ClusterReport): string | undefined {
  const best = report.power_capping
  if (!best) return undefined
  const tradeoff = powerCappingTradeoff(report.inputs, report.nodes).sort((a, b) => a.fraction - b.fraction)
  const stride = Math.ceil(tradeoff.length / MAX_PATH_POINTS)
  const kept = tradeoff.filter((p, i) => i % stride === 0 || i === tradeoff.length - 1 || p.nodes === best.nodes)
  const min = report.inputs.power_capping!.min_fraction * 100
  const uncapped = report.gpus
  const pct = (value: number) => `${withThousands(Number(value.toFixed(1)))}%`
  return lineChart({
    id: 'capping-chart',
    title: `Cluster throughput against per-GPU power under the ${mw(report.inputs.it_cap_mw)} MW cap`,
    x: { label: `GPU power (% of ${withThousands(report.inputs.node.gpu_w)} W)`, min, max: 100, format: pct },
    y: { label: 'GPU-equivalents', fromZero: false },
    series: [
      { label: 'Best throughput at this GPU power', color: '#e07b24', points: kept.map((p) => [p.fraction * 100, p.throughput] as const) },
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
      label: `best: ${pct(best.fraction * 100)} (${withThousands(Math.floor(best.gpu_power_w * 10) / 10)} W), ${withThousands(Math.round(best.throughput_gpu_equivalents))}`,
    },
  })
}
