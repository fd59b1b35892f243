// The human-readable sizing report printed by `size` and `build`.
import type { AnyClusterReport, ClusterReport } from '../cluster/cluster-report.js'
import { count, density, display, percent, ratio, showKey, showNumber, throughput, watts } from '../format/display.js'

/** One sentence for the end of `build` and `validate`. */
export function reportSentence(report: ClusterReport): string {
  const tiers = report.tiers === 0 ? 'no fabric' : `${report.tiers}-tier fabric`
  return (
    `${count(report.nodes)} nodes, ${count(report.gpus)} GPUs (${density(report.gpus_per_mw)} per MW), ` +
    `${tiers}, ${showKey('p_total_w', report.p_total_w)} of ${showKey('usable_cap_w', report.usable_cap_w)}, limited by ${report.limited_by}`
  )
}

/** The first line of `mwpack size`: the answer, or how a fixed node count fares. */
export function reportHeadline(report: AnyClusterReport, config: string): string {
  const budget =
    report.grid_w === null
      ? showKey('usable_cap_w', report.usable_cap_w, 'MW')
      : `${showKey('grid_w', report.grid_w, 'MW')} at the meter (${showKey('usable_cap_w', report.usable_cap_w, 'MW')} of IT)`
  if (report.limited_by !== null) return `${config}: ${count(report.nodes)} nodes fit under ${budget}`
  const why: Record<string, string> = {
    ok: `fit under ${budget}`,
    over_cap: `draw ${report.p_total_w === null ? '?' : showKey('p_total_w', report.p_total_w)}, over the usable cap of ${showKey('usable_cap_w', report.usable_cap_w)}`,
    unbuildable: 'cannot be built: the fabric cannot be wired, or the racks do not fit the floor',
    not_whole_racks: 'are not a whole number of racks (the rack is one scale-up domain)',
  }
  return `${config}: ${count(report.nodes)} nodes ${why[report.status] ?? report.status} (status ${report.status})`
}

const orNa = (value: number | null, show: (v: number) => string, na = 'n/a') => (value === null ? na : show(value))

/** The readable report of `mwpack size`: label, value, unit, aligned; sections for the blocks the config has. */
export function reportTable(report: AnyClusterReport): string[] {
  const { inputs } = report
  type Row = [string, string] | false
  const rackRows: Row[] = inputs.rack
    ? [
        ['racks', `${orNa(report.racks, count)} of ${count(inputs.rack.nodes_per_rack)} nodes${inputs.rack.whole_racks ? ', whole racks only' : ''}`],
        [
          'full rack',
          `${orNa(report.rack_power_w, (w) => showKey('rack_power_w', w))}${inputs.rack.max_rack_kw === undefined ? '' : ` (hall limit ${display(inputs.rack.max_rack_kw, { unit: 'kW' })})`}`,
        ],
        inputs.rack.max_racks !== undefined && ['floor', `${count(inputs.rack.max_racks)} racks`],
      ]
    : []
  const sections: Array<[string, Row[]]> = [
    [
      'cluster',
      [
        ['status', report.limited_by === null ? report.status : `${report.status} (limited by ${report.limited_by})`],
        report.grid_w !== null && ['grid connection', `${showKey('grid_w', report.grid_w)} at peak PUE ${showNumber('peak_pue', report.peak_pue!)}`],
        ['IT cap', showKey('it_cap_w', report.it_cap_w)],
        report.margin_w > 0 && ['design margin', `${showKey('margin_w', report.margin_w)} (${percent(inputs.margin_fraction)})`],
        ['usable cap', showKey('usable_cap_w', report.usable_cap_w)],
        ['nodes', count(report.nodes)],
        inputs.node.provisioned_w !== undefined && [
          'nodes at nameplate',
          report.nodes_at_nameplate !== null
            ? count(report.nodes_at_nameplate)
            : report.limited_by === null
              ? 'n/a (a fixed node count)'
              : 'n/a (a full rack at nameplate would break max_rack_kw)',
        ],
        ['GPUs', count(report.gpus)],
        ['GPUs per MW', density(report.gpus_per_mw)],
        report.gpus_per_grid_mw !== null && ['GPUs per MW at the meter', density(report.gpus_per_grid_mw)],
      ],
    ],
    ...(rackRows.length > 0 ? [['racks', rackRows] as [string, Row[]]] : []),
    [
      'fabric',
      [
        ['tiers', `${orNa(report.tiers, String)}${report.planes > 1 ? `, in ${report.planes} planes` : ''}`],
        [
          'leaves / spines / cores',
          report.leaves === null ? 'n/a (cannot be built)' : `${count(report.leaves)} / ${count(report.spines!)} / ${count(report.cores!)}`,
        ],
        ['host ports', orNa(report.host_ports, count)],
        ['leaf-spine links', orNa(report.uplinks_total, count)],
        ['spine-core links', orNa(report.spine_uplinks_total, count)],
        ['oversubscription', orNa(report.oversubscription_ratio, ratio, report.tiers === 1 ? 'n/a (one switch)' : 'n/a')],
        ['leaf oversubscription', ratio(report.leaf_oversubscription_ratio)],
      ],
    ],
    [
      'power',
      [
        [
          'per node',
          inputs.node.provisioned_w === undefined
            ? showKey('p_node_w', report.p_node_w)
            : `${showKey('p_node_w', report.p_node_w)} measured (nameplate ${showKey('p_node_nameplate_w', report.p_node_nameplate_w)})`,
        ],
        ['nodes', showKey('p_node_total_w', report.p_node_total_w)],
        ['switches', orNa(report.p_switching_w, (w) => showKey('p_switching_w', w))],
        ['optics', orNa(report.p_optics_w, (w) => showKey('p_optics_w', w))],
        report.p_rack_w !== null && ['racks', showKey('p_rack_w', report.p_rack_w)],
        ['other IT', showKey('p_other_it_w', report.p_other_it_w)],
        ['total', orNa(report.p_total_w, (w) => showKey('p_total_w', w))],
        report.facility_w !== null && ['at the meter', showKey('facility_w', report.facility_w)],
        ['headroom', orNa(report.headroom_w, (w) => showKey('headroom_w', w))],
      ],
    ],
  ]
  const c = report.power_capping
  if (c) {
    sections.push([
      'GPU power capping (the optimum)',
      [
        ['GPU power limit', `${watts(c.gpu_power_w, true)} per GPU (${percent(c.fraction)} of ${watts(inputs.node.gpu_w)})`],
        ['nodes / GPUs', `${count(c.nodes)} / ${count(c.gpus)} (${signed(c.nodes - report.nodes)} nodes)`],
        ['throughput', `${throughput(c.throughput_gpu_equivalents)} GPU-equivalents against ${count(report.gpus)} uncapped`],
        ['gain', c.gain_vs_uncapped === null ? 'n/a (nothing fits uncapped)' : signedPercent(c.gain_vs_uncapped - 1)],
        [
          'break-even throughput',
          c.break_even_throughput === null ? 'n/a' : `${percent(c.break_even_throughput)} (capping pays when T(${percent(c.fraction)}) exceeds it)`,
        ],
      ],
    ])
  }
  const rows = sections.map(([heading, list]) => [heading, list.filter((row): row is [string, string] => row !== false)] as const)
  const width = Math.max(...rows.flatMap(([, list]) => list.map(([label]) => label.length)))
  return rows.flatMap(([heading, list], i) => [...(i > 0 ? [''] : []), heading, ...list.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)])
}

function signed(value: number): string {
  return value > 0 ? `+${count(value)}` : count(value)
}

function signedPercent(fraction: number): string {
  return fraction > 0 ? `+${percent(fraction)}` : percent(fraction)
}
