// The human-readable sizing report printed by `size` and `build`.
import type { ClusterReport } from '../cluster/size-cluster.js'
import { formatWatts, withThousands } from '../format/numbers.js'

/** One sentence for the end of `build` and `validate`. */
export function reportSentence(report: ClusterReport): string {
  const tiers = report.tiers === 0 ? 'no fabric' : `${report.tiers}-tier fabric`
  return (
    `${withThousands(report.nodes)} nodes, ${withThousands(report.gpus)} GPUs (${withThousands(round(report.gpus_per_mw, 1))} per MW), ` +
    `${tiers}, ${formatWatts(report.p_total_w)} of ${formatWatts(report.it_cap_w)}, limited by ${report.limited_by}`
  )
}

/** The readable report of `mwpack size`: label, value, unit, aligned. */
export function reportTable(report: ClusterReport): string[] {
  const sections: Array<[string, Array<[string, string]>]> = [
    [
      'cluster',
      [
        ['status', `${report.status} (limited by ${report.limited_by})`],
        ['IT cap', formatWatts(report.it_cap_w)],
        ['nodes', withThousands(report.nodes)],
        ['GPUs', withThousands(report.gpus)],
        ['GPUs per MW', withThousands(round(report.gpus_per_mw, 2))],
      ],
    ],
    [
      'fabric',
      [
        ['tiers', String(report.tiers)],
        ['leaves / spines / cores', `${withThousands(report.leaves)} / ${withThousands(report.spines)} / ${withThousands(report.cores)}`],
        ['host ports', withThousands(report.host_ports)],
        ['leaf-spine links', withThousands(report.uplinks_total)],
        ['spine-core links', withThousands(report.spine_uplinks_total)],
        ['oversubscription', report.oversubscription_ratio === null ? 'n/a (one switch)' : `${round(report.oversubscription_ratio, 3)}:1`],
        ['leaf oversubscription', `${round(report.leaf_oversubscription_ratio, 3)}:1`],
      ],
    ],
    [
      'power',
      [
        ['per node', formatWatts(report.p_node_w)],
        ['nodes', formatWatts(report.p_node_total_w)],
        ['switches', formatWatts(report.p_switching_w)],
        ['optics', formatWatts(report.p_optics_w)],
        ['other IT', formatWatts(report.p_other_it_w)],
        ['total', formatWatts(report.p_total_w)],
        ['headroom', formatWatts(report.headroom_w)],
      ],
    ],
  ]
  const c = report.power_capping
  if (c) {
    const gpuW = report.inputs.node.gpu_w
    sections.push([
      'GPU power capping (the optimum)',
      [
        ['GPU power limit', `${formatWatts(c.gpu_power_w)} per GPU (${round(c.fraction * 100, 2)}% of ${formatWatts(gpuW)})`],
        ['nodes / GPUs', `${withThousands(c.nodes)} / ${withThousands(c.gpus)} (${signed(c.nodes - report.nodes)} nodes)`],
        ['throughput', `${withThousands(round(c.throughput_gpu_equivalents, 1))} GPU-equivalents against ${withThousands(report.gpus)} uncapped`],
        ['gain', c.gain_vs_uncapped === null ? 'n/a (nothing fits uncapped)' : `${signed(round((c.gain_vs_uncapped - 1) * 100, 3))}%`],
        [
          'break-even throughput',
          c.break_even_throughput === null ? 'n/a' : `${round(c.break_even_throughput, 3)} (capping pays when T(${round(c.fraction * 100, 2)}%) exceeds it)`,
        ],
      ],
    ])
  }
  const width = Math.max(...sections.flatMap(([, rows]) => rows.map(([label]) => label.length)))
  return sections.flatMap(([heading, rows], i) => [...(i > 0 ? [''] : []), heading, ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)])
}

function signed(value: number): string {
  return value > 0 ? `+${withThousands(value)}` : withThousands(value)
}

function round(value: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}
