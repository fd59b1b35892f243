// The IT-cap sweep: the sizing (and, when configured, the capping optimum) at each of a list of caps.
import { error, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.js'
import { LIMITS, type ClusterConfig } from './cluster-schema.js'
import { capMilliwatts, nodeGpuPowerMw, nodePowerMw } from './power.js'
import { optimizePowerCapping } from './power-capping.js'
import { sizeCluster, type LimitedBy } from './size-cluster.js'

export const SWEEP_SCHEMA_VERSION = 'mwpack.cap_sweep/v1'

/** The most caps one sweep evaluates; past it a chart or a table stops being readable anyway. */
export const MAX_SWEEP_POINTS = 100_000

/** The most node counts the capping optimizer may weigh over one sweep (see cappingWork). */
export const MAX_SWEEP_CAPPING_WORK = 20_000_000

/** One cap of the sweep: the v1 answer at that cap and, with a power_capping block, the optimum. */
export interface CapSweepPoint {
  it_cap_mw: number
  nodes: number
  gpus: number
  gpus_per_mw: number
  tiers: 0 | 1 | 2 | 3
  limited_by: LimitedBy
  p_total_w: number
  power_capping?: {
    fraction: number
    gpu_power_w: number
    nodes: number
    gpus: number
    throughput_gpu_equivalents: number
    gain_vs_uncapped: number | null
  }
}

/**
 * Sizes the config at each cap in `capsMw`, everything else as configured.
 * A cap whose study cannot run (a unit slip past the node limit, a capping
 * scan too long) is a diagnostic naming that cap, followed by the model's own
 * diagnostics for it, as they are; `flag` is what the caps came from.
 */
export function sweepCap(config: ClusterConfig, capsMw: readonly number[], flag = '--sweep-cap'): Outcome<CapSweepPoint[]> {
  if (capsMw.length > MAX_SWEEP_POINTS) {
    return {
      ok: false,
      diagnostics: [error('MWP_ARG_INVALID', `${flag}: ${capsMw.length} caps; a sweep takes at most ${MAX_SWEEP_POINTS}`, { hint: 'use a larger step' })],
    }
  }
  const nodeMw = nodePowerMw(config.node)
  const work = cappingWork(config, capsMw)
  if (work > MAX_SWEEP_CAPPING_WORK) {
    return {
      ok: false,
      diagnostics: [
        error(
          'MWP_ARG_INVALID',
          `${flag}: the power-capping optimizer would weigh about ${Math.round(work)} node counts over this sweep; a sweep weighs at most ${MAX_SWEEP_CAPPING_WORK}`,
          {
            hint: 'use a larger step or a smaller range, or raise power_capping.min_fraction',
          },
        ),
      ],
    }
  }
  const points: CapSweepPoint[] = []
  for (const capMw of capsMw) {
    const at = { ...config, it_cap_mw: capMw }
    // The validator's unit-slip bound, applied to every cap of the sweep.
    if (capMilliwatts(at) / nodeMw > BigInt(LIMITS.nodes)) {
      return { ok: false, diagnostics: [tooLarge(flag, capMw, `it fits more than ${LIMITS.nodes} nodes`)] }
    }
    // The v1 answer, then the optimum alone: a sweep has no use for each cap's frontier.
    const { power_capping, ...v1 } = at
    const sized = sizeCluster(v1)
    if (!sized.ok) return { ok: false, diagnostics: [tooLarge(flag, capMw, 'the model cannot size it'), ...sized.diagnostics] }
    const report = sized.value
    const optimized = power_capping && optimizePowerCapping(at, report.nodes)
    if (optimized && !optimized.ok) return { ok: false, diagnostics: [tooLarge(flag, capMw, 'its power-capping study cannot run'), ...optimized.diagnostics] }
    const c = optimized?.value
    points.push({
      it_cap_mw: capMw,
      nodes: report.nodes,
      gpus: report.gpus,
      gpus_per_mw: report.gpus_per_mw,
      tiers: report.tiers,
      limited_by: report.limited_by,
      p_total_w: report.p_total_w,
      ...(c && {
        power_capping: {
          fraction: c.fraction,
          gpu_power_w: c.gpu_power_w,
          nodes: c.nodes,
          gpus: c.gpus,
          throughput_gpu_equivalents: c.throughput_gpu_equivalents,
          gain_vs_uncapped: c.gain_vs_uncapped,
        },
      }),
    })
  }
  return { ok: true, value: points, diagnostics: [] }
}

/**
 * About how many node counts the capping optimizer weighs over the whole
 * sweep: at each cap, the nodes that fit at min_fraction minus those at full
 * power, fabric ignored (so an overestimate). Each takes about a microsecond;
 * the bound keeps a sweep under half a minute.
 */
function cappingWork(config: ClusterConfig, capsMw: readonly number[]): number {
  const spec = config.power_capping
  if (!spec) return 0
  const full = Number(nodePowerMw(config.node))
  const atMin = full - Number(nodeGpuPowerMw(config.node)) * (1 - spec.min_fraction)
  return capsMw.reduce((sum, cap) => sum + cap * 1e9 * (1 / atMin - 1 / full), 0)
}

function tooLarge(flag: string, capMw: number, why: string): Diagnostic {
  return error('MWP_ARG_INVALID', `${flag}: cannot size ${capMw} MW: ${why}`, { hint: 'sweep a smaller range of caps' })
}

/**
 * The caps a memo's charts and `{{ table sweep }}` use: `steps` even steps up
 * to `span` times the memo's cap. The multiplier is formed first so that,
 * when the memo's cap is one of the steps, it comes out exactly.
 */
export function capsAround(capMw: number, steps: number, span: number): number[] {
  return Array.from({ length: steps }, (_, i) => capMw * ((span * (i + 1)) / steps))
}

/** The sweep a memo cites (`{{ table sweep }}`, `{{ sweep.3.gpus }}`): a quarter of its cap to twice it, in quarters. */
export function memoSweep(config: ClusterConfig): Outcome<CapSweepPoint[]> {
  return sweepCap(config, capsAround(config.it_cap_mw, 8, 2), 'the memo sweep')
}
