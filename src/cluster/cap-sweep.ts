// The cap sweep: the sizing (and, when configured, the capping optimum) at each of a list of IT caps or grid connections.
import { error, type Diagnostic, type Outcome } from '../diagnostics/diagnostic.js'
import type { ClusterConfig } from './cluster-config.js'
import type { ClusterReport, LimitedBy } from './cluster-report.js'
import { LIMITS } from './config-limits.js'
import { toMegawatts } from './power-budget.js'
import { optimizePowerCapping } from './power-capping.js'
import { largestFitting } from './largest-fitting.js'
import { sizeCluster } from './size-cluster.js'
import { fitsFloor, sizingModel, type SizingModel } from './sizing-model.js'
import { fabricShape } from './fabric-shape.js'

export const SWEEP_SCHEMA_VERSION = 'mwpack.cap_sweep/v2'

/** The most caps one sweep evaluates; past it a chart or a table stops being readable anyway. */
export const MAX_SWEEP_POINTS = 20_000

/** The most node counts the capping optimizer may weigh over one sweep (see cappingWork). */
export const MAX_SWEEP_CAPPING_WORK = 20_000_000

/** What a sweep varies: the IT cap, or the grid connection when the config has a facility block. */
export type SweptKey = 'it_cap_mw' | 'facility.grid_mw'

export function sweptKey(config: ClusterConfig): SweptKey {
  return config.facility ? 'facility.grid_mw' : 'it_cap_mw'
}

/** The configured value of the swept key, megawatts. */
export function sweptValue(config: ClusterConfig): number {
  return config.facility ? config.facility.grid_mw : config.it_cap_mw
}

/** The config with the swept key set to `megawatts`, everything else as configured. */
function atValue(config: ClusterConfig, megawatts: number): ClusterConfig {
  return config.facility ? { ...config, facility: { ...config.facility, grid_mw: megawatts } } : { ...config, it_cap_mw: megawatts }
}

/**
 * One point of the sweep (`mwpack.cap_sweep/v2`): the answer at that IT cap
 * or grid connection and, with a power_capping block, the optimum. Every key
 * is present; a key whose config block is absent is null.
 */
export interface CapSweepPoint {
  /** The grid connection at this point, MW; null when the sweep varies the IT cap (no facility block). */
  grid_mw: number | null
  /** The IT cap at this point, MW: the swept value, or grid_mw / peak_pue rounded down to the milliwatt. */
  it_cap_mw: number
  /** The most nodes that fit at this point. */
  nodes: number
  /** nodes * gpus_per_node. */
  gpus: number
  /** GPUs per MW of IT cap. */
  gpus_per_mw: number
  /** GPUs per MW at the meter; null without a facility block. */
  gpus_per_grid_mw: number | null
  /** Racks; null without a rack block. */
  racks: number | null
  /** Switch tiers of one plane. */
  tiers: 0 | 1 | 2 | 3
  /** What stops one more step of nodes: space, fabric or power. */
  limited_by: LimitedBy
  /** The cluster's IT draw, watts. */
  p_total_w: number
  /** Its draw at the meter, watts; null without a facility block. */
  facility_w: number | null
  /** The GPU power-cap optimum at this point; null without a power_capping block. */
  power_capping: {
    /** GPU power as a fraction of gpu_w. */
    fraction: number
    /** The per-GPU power limit, watts, rounded down to the milliwatt. */
    gpu_power_w: number
    /** The node count with the most throughput. */
    nodes: number
    /** nodes * gpus_per_node. */
    gpus: number
    /** gpus * T(fraction). */
    throughput_gpu_equivalents: number
    /** Throughput over the uncapped cluster's; null when nothing fits uncapped. */
    gain_vs_uncapped: number | null
  } | null
}

/**
 * Sizes the config at each value in `valuesMw` of its swept key (it_cap_mw,
 * or facility.grid_mw with a facility block), everything else as configured.
 * A point that cannot be sized (a unit slip past the node limit, a capping
 * scan too long) is a diagnostic naming that point, followed by the model's
 * own diagnostics for it, as they are; `flag` is what the values came from.
 * `narrower` is how whoever chose the values can make the sweep smaller
 * (the default speaks to a `--sweep-cap` user: step and range).
 */
export function sweepCap(config: ClusterConfig, valuesMw: readonly number[], flag = '--sweep-cap', narrower?: string): Outcome<CapSweepPoint[]> {
  return sweepWith(config, valuesMw, flag, narrower, undefined)
}

/**
 * `sweepCap`, taking the point at the config's own swept value from `own`,
 * the config's report (sizeCluster of `config` itself), when there is one:
 * that point is the same sizing and the same capping optimum, already done.
 */
function sweepWith(
  config: ClusterConfig,
  valuesMw: readonly number[],
  flag: string,
  narrower: string | undefined,
  own: ClusterReport | undefined,
): Outcome<CapSweepPoint[]> {
  if (valuesMw.length > MAX_SWEEP_POINTS) {
    return {
      ok: false,
      diagnostics: [
        error('MWP_ARG_INVALID', `${flag}: ${valuesMw.length} caps; a sweep takes at most ${MAX_SWEEP_POINTS}`, { hint: narrower ?? 'use a larger step' }),
      ],
    }
  }
  const work = cappingWork(config, valuesMw)
  if (work > MAX_SWEEP_CAPPING_WORK) {
    return {
      ok: false,
      diagnostics: [
        error(
          'MWP_ARG_INVALID',
          `${flag}: the power-capping optimizer would weigh about ${Math.round(work)} node counts over this sweep; a sweep weighs at most ${MAX_SWEEP_CAPPING_WORK}`,
          { hint: `raise power_capping.min_fraction, or ${narrower ?? 'use a larger step or a smaller range'}` },
        ),
      ],
    }
  }
  const key = sweptKey(config)
  const points: CapSweepPoint[] = []
  for (const value of valuesMw) {
    const at = atValue(config, value)
    // The schema's unit-slip bound, applied to every point of the sweep.
    const model = sizingModel(at)
    const perNode = model.nodeMw < model.nameplateMw ? model.nodeMw : model.nameplateMw
    if (model.budget.usable / perNode > BigInt(LIMITS.nodes)) {
      return { ok: false, diagnostics: [cannotSize(flag, key, value, `it fits more than ${LIMITS.nodes} nodes`, narrower)] }
    }
    const reused = own !== undefined && value === sweptValue(config)
    // The answer, then the optimum alone: a sweep has no use for each point's frontier.
    const { power_capping, ...uncapped } = at
    const sized = reused ? { ok: true as const, value: own } : sizeCluster(uncapped as ClusterConfig)
    if (!sized.ok) return { ok: false, diagnostics: [cannotSize(flag, key, value, 'the model cannot size it', narrower), ...sized.diagnostics] }
    const report = sized.value
    const optimized = reused ? own.power_capping && { ok: true as const, value: own.power_capping } : power_capping && optimizePowerCapping(at, report.nodes)
    if (optimized && !optimized.ok)
      return { ok: false, diagnostics: [cannotSize(flag, key, value, 'its power-capping study cannot run', narrower), ...optimized.diagnostics] }
    const c = optimized ? optimized.value : undefined
    points.push({
      grid_mw: config.facility ? value : null,
      it_cap_mw: config.facility ? toMegawatts(model.budget.itCap) : value,
      nodes: report.nodes,
      gpus: report.gpus,
      gpus_per_mw: report.gpus_per_mw,
      gpus_per_grid_mw: report.gpus_per_grid_mw,
      racks: report.racks,
      tiers: report.tiers,
      limited_by: report.limited_by,
      p_total_w: report.p_total_w,
      facility_w: report.facility_w,
      power_capping: c
        ? {
            fraction: c.fraction,
            gpu_power_w: c.gpu_power_w,
            nodes: c.nodes,
            gpus: c.gpus,
            throughput_gpu_equivalents: c.throughput_gpu_equivalents,
            gain_vs_uncapped: c.gain_vs_uncapped,
          }
        : null,
    })
  }
  return { ok: true, value: points, diagnostics: [] }
}

/**
 * About how many node counts the capping optimizer weighs over the whole
 * sweep: at each point, the nodes that fit at min_fraction minus those at
 * full power, in steps of whole racks, both held to the most nodes the
 * fabric and the floor can take (the optimizer never weighs past it), the
 * fabric's own power ignored (so an overestimate). Each takes about a
 * microsecond; the bound keeps a sweep under half a minute.
 */
function cappingWork(config: ClusterConfig, valuesMw: readonly number[]): number {
  const spec = config.power_capping
  if (!spec) return 0
  const model = sizingModel(config)
  const full = Number(model.nodeMw)
  const atMin = full - Number(model.gpuNodeMw) * (1 - spec.min_fraction)
  // Usable milliwatts per swept megawatt: 1e9, less the PUE and the margin.
  const usablePerMw = Number(model.budget.usable) / sweptValue(config)
  const most = buildableNodes(model)
  return valuesMw.reduce((sum, value) => {
    const usable = value * usablePerMw
    return sum + (Math.min(usable / atMin, most) - Math.min(usable / full, most)) / model.step
  }, 0)
}

/** The most nodes (a multiple of the step) the fabric can wire and the floor can hold, whatever the power: both only fail past a size. */
function buildableNodes(model: SizingModel): number {
  const steps = Math.floor(LIMITS.nodes / model.step)
  const buildable = (k: number) => fitsFloor(model, k * model.step) && fabricShape(k * model.step, model.config, model.rules).buildable
  return largestFitting(steps, buildable) * model.step
}

function cannotSize(flag: string, key: SweptKey, value: number, why: string, narrower = 'sweep a smaller range'): Diagnostic {
  return error('MWP_ARG_INVALID', `${flag}: cannot size ${key} = ${value} MW: ${why}`, { hint: narrower })
}

/**
 * The values a memo's charts and `{{ table sweep }}` use: `steps` even steps
 * up to `span` times the memo's own. The multiplier is formed first so that,
 * when the memo's value is one of the steps, it comes out exactly.
 */
export function capsAround(valueMw: number, steps: number, span: number): number[] {
  return Array.from({ length: steps }, (_, i) => valueMw * ((span * (i + 1)) / steps))
}

/**
 * The sweep a memo cites (`{{ table sweep }}`, `{{ sweep.3.gpus }}`): a
 * quarter of its IT cap (or grid connection) to twice it, in quarters. With
 * `report`, the memo's own report (sizeCluster of `config`), the fourth
 * point, the memo's own value, is taken from it instead of sized again.
 */
export function memoSweep(config: ClusterConfig, report?: ClusterReport): Outcome<CapSweepPoint[]> {
  const key = sweptKey(config)
  return sweepWith(
    config,
    capsAround(sweptValue(config), 8, 2),
    'the memo sweep',
    `lower ${key} in the cluster config (the memo sweep runs from a quarter to twice it), or leave {{ table sweep }} and {{ sweep.N.* }} out of the memo`,
    report,
  )
}
