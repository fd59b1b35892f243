// The Markdown tables a memo can insert with `{{ table NAME }}`: sizing, power, capping, sweep.
import { memoSweep, sweptValue, type CapSweepPoint } from '../cluster/cap-sweep.js'
import type { ClusterReport } from '../cluster/cluster-report.js'
import { error, type Outcome } from '../diagnostics/diagnostic.js'
import { planeStudy, type PlanePoint } from './plane-study.js'
import { count, density, mw, percent, ratio, showKey, showNumber, throughput, watts } from '../format/display.js'

/** The tables, with what each shows. */
export const TABLES: Record<string, string> = {
  sizing: 'the power budget, nodes, racks, GPUs, GPUs per MW, fabric tiers and switch counts',
  power: 'where the watts go: nodes, switches, optics, racks, other IT, margin and headroom, with shares of the IT cap',
  capping: 'the GPU power-capping frontier (needs a power_capping block in the config)',
  sweep:
    "nodes, GPUs, GPUs per MW and fabric tiers (and the capping optimum, when configured) from a quarter of the memo's IT cap (or grid connection) to twice it",
  planes:
    "the fabric trade study: the same cluster with the node's fabric ports split over each plane count that divides them, with tiers, switches, fabric power, nodes and GPUs",
}

/** A per-GPU power limit: "80% (560 W)", "77.8% (544.8 W)"; the watts round down, as a limit to set must. */
export const gpuPower = (fraction: number, w: number): string => `${percent(fraction)} (${watts(w, true)})`

/** A GitHub-flavoured pipe table: the form docs sites and renderers understand. */
function table(head: string[], align: Array<'l' | 'r'>, rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [line(head), line(align.map((a) => (a === 'r' ? '---:' : '---'))), ...rows.map(line)].join('\n')
}

/** The rows of the sizing table; the page's panel shows the same figures, the same way. */
export function sizingRows(report: ClusterReport): Array<[string, string]> {
  const { inputs } = report
  // The answer first, then the budget it came from, then the fabric and what stopped it.
  const rows: Array<[string, string] | false> = [
    ['Nodes', count(report.nodes)],
    report.nodes_at_nameplate !== null && ['Nodes at nameplate', count(report.nodes_at_nameplate)],
    ['GPUs', count(report.gpus)],
    ['GPUs per MW', density(report.gpus_per_mw)],
    report.racks !== null && ['Racks', `${count(report.racks)} of ${count(inputs.rack!.nodes_per_rack)} nodes`],
    inputs.facility !== undefined && ['Grid connection', `${showKey('grid_w', report.grid_w!, 'MW')} at peak PUE ${showNumber('peak_pue', report.peak_pue!)}`],
    ['IT power cap', showKey('it_cap_w', report.it_cap_w, 'MW')],
    report.margin_w > 0 && ['Design margin', `${percent(inputs.margin_fraction)} (${showKey('margin_w', report.margin_w, 'MW')})`],
    ['Fabric tiers', report.planes > 1 ? `${report.tiers}, in ${report.planes} planes` : String(report.tiers)],
    ['Leaves / spines / cores', `${count(report.leaves)} / ${count(report.spines)} / ${count(report.cores)}`],
    ['Host links', count(report.host_ports)],
    ['Oversubscription', report.oversubscription_ratio === null ? 'n/a' : ratio(report.oversubscription_ratio)],
    ['Limited by', report.limited_by],
  ]
  return rows.filter((row): row is [string, string] => row !== false)
}

/** The studies a table may need; a caller that also cites their points passes shared, computed-once copies. */
export interface TableStudies {
  sweep: () => Outcome<CapSweepPoint[]>
  planes: () => Outcome<Record<string, PlanePoint>>
}

export function renderTable(
  name: string,
  report: ClusterReport,
  studies: TableStudies = { sweep: () => memoSweep(report.inputs, report), planes: () => planeStudy(report.inputs) },
): Outcome<string> {
  const sweep = studies.sweep
  const ok = (text: string): Outcome<string> => ({ ok: true, value: text, diagnostics: [] })
  switch (name) {
    case 'sizing':
      return ok(table(['Quantity', 'Value'], ['l', 'r'], sizingRows(report)))
    case 'power': {
      const cap = report.it_cap_w
      const rows: Array<[string, keyof ClusterReport & string] | false> = [
        ['Nodes', 'p_node_total_w'],
        ['Switches', 'p_switching_w'],
        ['Optics', 'p_optics_w'],
        report.p_rack_w !== null && ['Racks', 'p_rack_w'],
        ['Other IT', 'p_other_it_w'],
        ['Total', 'p_total_w'],
        report.margin_w > 0 && ['Margin', 'margin_w'],
        ['Headroom', 'headroom_w'],
      ]
      return ok(
        table(
          ['Power', 'Watts', 'Share of IT cap'],
          ['l', 'r', 'r'],
          rows
            .filter((row): row is [string, keyof ClusterReport & string] => row !== false)
            .map(([label, key]) => {
              const w = report[key] as number
              // A share of a cap that rounds to no milliwatt does not exist (a grid of 1 mW at a PUE above 1).
              return [label, showKey(key, w), cap > 0 ? percent(w / cap) : 'n/a']
            }),
        ),
      )
    }
    case 'capping': {
      const study = report.power_capping
      if (!study) return { ok: false, diagnostics: [error('MWP_MEMO_REFERENCE', 'the capping table needs a power_capping block in the cluster config')] }
      return ok(
        table(
          ['GPU power', 'Nodes', 'GPUs', 'Throughput', 'Break-even throughput'],
          ['r', 'r', 'r', 'r', 'r'],
          study.frontier.map((p) => [
            `${p.fraction === study.fraction && p.nodes === study.nodes ? 'best: ' : ''}${gpuPower(p.fraction, p.gpu_power_w)}`,
            count(p.nodes),
            count(p.gpus),
            throughput(p.throughput_gpu_equivalents),
            p.break_even_throughput === null ? 'n/a' : percent(p.break_even_throughput),
          ]),
        ),
      )
    }
    case 'sweep': {
      const swept = sweep()
      // The sweep's own diagnostics, as they are: which point could not be sized, and the model's reason.
      if (!swept.ok) return swept
      const capped = report.power_capping !== null
      const grid = report.inputs.facility !== undefined
      const own = sweptValue(report.inputs)
      return ok(
        table(
          [grid ? 'Grid connection' : 'IT power cap', 'Nodes', 'GPUs', 'GPUs per MW', 'Tiers', ...(capped ? ['Best GPU power', 'Throughput', 'Gain'] : [])],
          ['r', 'r', 'r', 'r', 'r', ...(capped ? (['r', 'r', 'r'] as const) : [])],
          swept.value.map((p) => {
            const at = grid ? p.grid_mw! : p.it_cap_mw
            const row = [at === own ? `${mw(at)} (this memo)` : mw(at), count(p.nodes), count(p.gpus), density(p.gpus_per_mw), String(p.tiers)]
            const c = p.power_capping
            if (!c) return row
            return [
              ...row,
              gpuPower(c.fraction, c.gpu_power_w),
              throughput(c.throughput_gpu_equivalents),
              c.gain_vs_uncapped === null ? 'n/a' : percent(c.gain_vs_uncapped - 1),
            ]
          }),
        ),
      )
    }
    case 'planes': {
      const study = studies.planes()
      if (!study.ok) return study
      const own = report.inputs.fabric.planes
      return ok(
        table(
          ['Planes', 'Tiers', 'Leaves / spines / cores', 'Fabric power', 'Nodes', 'GPUs', 'GPUs per MW'],
          ['r', 'r', 'r', 'r', 'r', 'r', 'r'],
          Object.values(study.value).map((p) => [
            p.planes === own ? `${p.planes} (this memo)` : String(p.planes),
            String(p.tiers),
            `${count(p.leaves)} / ${count(p.spines)} / ${count(p.cores)}`,
            showKey('by_planes.#.p_fabric_w', p.p_fabric_w, 'kW'),
            count(p.nodes),
            count(p.gpus),
            density(p.gpus_per_mw),
          ]),
        ),
      )
    }
    default:
      return { ok: false, diagnostics: [error('MWP_MEMO_REFERENCE', `unknown table "${name}"`)] }
  }
}
