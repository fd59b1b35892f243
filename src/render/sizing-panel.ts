// The rendered memo's "Sizing at a glance" panel: the sizing table's figures, the power chart and the trade-off charts.
import type { ClusterReport } from '../cluster/cluster-report.js'
import { showKey } from '../format/display.js'
import { sizingRows } from '../memo/report-tables.js'
import { escapeHtml } from './escape-html.js'
import { powerChart } from './power-chart.js'
import { capSweepChart, cappingChart } from './sizing-charts.js'

/**
 * The panel after the memo's title: the figures of `{{ table sizing }}`,
 * shown the same way (src/format/display.ts), the draw against the usable
 * cap, and the charts.
 */
export function sizingPanel(report: ClusterReport): string {
  const rows: Array<[string, string]> = [
    ...sizingRows(report),
    ['Total IT power', `${showKey('p_total_w', report.p_total_w, 'MW')} of ${showKey('usable_cap_w', report.usable_cap_w, 'MW')}`],
    ...(report.facility_w === null ? [] : ([['At the meter', showKey('facility_w', report.facility_w, 'MW')]] as Array<[string, string]>)),
  ]
  const against = report.inputs.facility ? 'grid connection' : 'IT cap'
  return [
    '<section class="sizing" aria-labelledby="sizing-title">',
    '<h2 id="sizing-title">Sizing at a glance</h2>',
    '<table class="sizing-table">',
    '<tbody>',
    ...rows.map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`),
    '</tbody>',
    '</table>',
    `<figure>${powerChart(report)}<figcaption>Power by use, as shares of the IT cap.</figcaption></figure>`,
    ...figure(
      capSweepChart(report),
      `GPUs per MW of IT power at each ${against} up to twice this one, from zero. Dashed red lines: where the fabric gains a tier; grey: what the nodes alone would give, with no fabric, racks or other IT.`,
    ),
    ...figure(
      cappingChart(report),
      'Cluster throughput relative to the uncapped cluster at each per-GPU power limit, both axes from zero: above the dashed break-even line capping pays. Dots: node counts that fill the fabric (the next node buys a spine, a core or a tier); circle: the optimum in cluster_report.json.',
    ),
    '</section>',
    '',
  ].join('\n')
}

function figure(svg: string | undefined, caption: string): string[] {
  return svg ? [`<figure>${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`] : []
}
