// The Markdown tables a memo can insert with `{{ table NAME }}`: sizing, power, capping, sweep.
import { memoSweep, type CapSweepPoint } from '../cluster/cap-sweep.js'
import type { Outcome } from '../diagnostics/diagnostic.js'
import type { ClusterReport } from '../cluster/size-cluster.js'
import { withThousands } from '../format/numbers.js'

/** The tables, with what each shows. */
export const TABLES: Record<string, string> = {
  sizing: 'nodes, GPUs, GPUs per MW, fabric tiers and switch counts',
  power: 'where the watts go: nodes, switches, optics, other IT, headroom, with shares of the cap',
  capping: 'the GPU power-capping frontier (needs a power_capping block in the config)',
  sweep: "nodes, GPUs and GPUs per MW (and the capping optimum, when configured) from a quarter of the memo's cap to twice it",
}

const watts = (w: number) => `${withThousands(Math.round(w))} W`
/**
 * A per-GPU power limit: "80% (560 W)", "77.8% (544.8 W)". Watts round down
 * (a limit rounded up could break the cap); whole percentages print whole.
 */
const gpuPower = (fraction: number, w: number) => {
  const pct = Number((fraction * 100).toFixed(1))
  return `${withThousands(pct)}% (${withThousands(Math.floor(w * 10) / 10)} W)`
}
const share = (w: number, cap: number) => `${withThousands((100 * w) / cap, 1)}%`

/** A GitHub-flavoured pipe table: the form docs sites and renderers understand. */
function table(head: string[], align: Array<'l' | 'r'>, rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [line(head), line(align.map((a) => (a === 'r' ? '---:' : '---'))), ...rows.map(line)].join('\n')
}

/** `sweep` gives the memo sweep; a caller that also cites its points passes one shared, computed-once copy. */
export function renderTable(
  name: string,
  report: ClusterReport,
  sweep: () => Outcome<CapSweepPoint[]> = () => memoSweep(report.inputs),
): { ok: true; text: string } | { ok: false; error: string } {
  switch (name) {
    case 'sizing':
      return {
        ok: true,
        text: table(
          ['Quantity', 'Value'],
          ['l', 'r'],
          [
            ['IT power cap', `${withThousands(report.it_cap_w / 1e6, 3)} MW`],
            ['Nodes', withThousands(report.nodes)],
            ['GPUs', withThousands(report.gpus)],
            ['GPUs per MW', withThousands(Math.round(report.gpus_per_mw * 10) / 10)],
            ['Fabric tiers', String(report.tiers)],
            ['Leaves / spines / cores', `${report.leaves} / ${report.spines} / ${report.cores}`],
            ['Host links', withThousands(report.host_ports)],
            ['Oversubscription', report.oversubscription_ratio === null ? 'n/a' : `${withThousands(report.oversubscription_ratio, 2)}:1`],
            ['Limited by', report.limited_by],
          ],
        ),
      }
    case 'power': {
      const cap = report.it_cap_w
      const rows: Array<[string, number]> = [
        ['Nodes', report.p_node_total_w],
        ['Switches', report.p_switching_w],
        ['Optics', report.p_optics_w],
        ['Other IT', report.p_other_it_w],
        ['Total', report.p_total_w],
        ['Headroom', report.headroom_w],
      ]
      return {
        ok: true,
        text: table(
          ['Power', 'Watts', 'Share of cap'],
          ['l', 'r', 'r'],
          rows.map(([label, w]) => [label, watts(w), share(w, cap)]),
        ),
      }
    }
    case 'capping': {
      const study = report.power_capping
      if (!study) return { ok: false, error: 'the capping table needs a power_capping block in the cluster config' }
      return {
        ok: true,
        text: table(
          ['GPU power', 'Nodes', 'GPUs', 'Throughput', 'Break-even throughput'],
          ['r', 'r', 'r', 'r', 'r'],
          study.frontier.map((p) => [
            `${p.fraction === study.fraction && p.nodes === study.nodes ? 'best: ' : ''}${gpuPower(p.fraction, p.gpu_power_w)}`,
            withThousands(p.nodes),
            withThousands(p.gpus),
            withThousands(p.throughput_gpu_equivalents, 0),
            p.break_even_throughput === null ? 'n/a' : withThousands(p.break_even_throughput, 2),
          ]),
        ),
      }
    }
    case 'sweep': {
      const swept = sweep()
      if (!swept.ok) return { ok: false, error: swept.diagnostics[0]!.message }
      const capped = report.power_capping !== undefined
      const mw = (value: number) => `${withThousands(Number(value.toFixed(3)))} MW`
      return {
        ok: true,
        text: table(
          ['IT power cap', 'Nodes', 'GPUs', 'GPUs per MW', ...(capped ? ['Best GPU power', 'Throughput', 'Gain'] : [])],
          ['r', 'r', 'r', 'r', ...(capped ? (['r', 'r', 'r'] as const) : [])],
          swept.value.map((p) => {
            const row = [
              p.it_cap_mw === report.inputs.it_cap_mw ? `${mw(p.it_cap_mw)} (this memo)` : mw(p.it_cap_mw),
              withThousands(p.nodes),
              withThousands(p.gpus),
              withThousands(p.gpus_per_mw, 1),
            ]
            const c = p.power_capping
            if (!c) return row
            return [
              ...row,
              gpuPower(c.fraction, c.gpu_power_w),
              withThousands(c.throughput_gpu_equivalents, 0),
              c.gain_vs_uncapped === null ? 'n/a' : `${withThousands((c.gain_vs_uncapped - 1) * 100, 1)}%`,
            ]
          }),
        ),
      }
    }
    default:
      return { ok: false, error: `unknown table "${name}"` }
  }
}
