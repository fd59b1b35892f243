// The power-breakdown chart of the rendered memo: an inline SVG, the same bytes every time.
import type { ClusterReport } from '../cluster/size-cluster.js'
import { percent, showKey } from '../format/display.js'
import { escapeHtml } from './escape-html.js'

type Part = 'p_node_total_w' | 'p_switching_w' | 'p_optics_w' | 'p_rack_w' | 'p_other_it_w' | 'margin_w' | 'headroom_w'

/** Every use of the IT cap, in the order of the memo's power table; racks and the margin only when the config has them. */
const PARTS: Array<{ key: Part; label: string; color: string; shown?: (report: ClusterReport) => boolean }> = [
  { key: 'p_node_total_w', label: 'Nodes', color: '#2f6fdb' },
  { key: 'p_switching_w', label: 'Switches', color: '#e07b24' },
  { key: 'p_optics_w', label: 'Optics', color: '#2e9e6a' },
  { key: 'p_rack_w', label: 'Racks', color: '#c9a227', shown: (r) => r.p_rack_w !== null },
  { key: 'p_other_it_w', label: 'Other IT', color: '#8a5cc9' },
  { key: 'margin_w', label: 'Margin', color: '#5c6b7a', shown: (r) => r.margin_w > 0 },
  { key: 'headroom_w', label: 'Headroom', color: '#9aa3ad' },
]

/**
 * One horizontal bar per share of the IT cap, labelled with megawatts and
 * percent. Every coordinate is written with fixed decimals, so the SVG does
 * not depend on how a platform prints floating point.
 */
export function powerChart(report: ClusterReport): string {
  const width = 640
  const labelWidth = 90
  const valueWidth = 170
  const barWidth = width - labelWidth - valueWidth - 20
  const row = 28
  const parts = PARTS.filter((part) => part.shown?.(report) ?? true)
  const height = parts.length * row + 10
  const cap = report.it_cap_w
  const bars = parts.map((part, i) => {
    const watts = report[part.key] ?? 0
    const share = cap > 0 ? watts / cap : 0
    const y = 5 + i * row
    const w = Math.max(0, share * barWidth)
    return [
      `<text x="${labelWidth - 8}" y="${(y + 17).toFixed(1)}" text-anchor="end">${part.label}</text>`,
      `<rect x="${labelWidth}" y="${y + 4}" width="${barWidth}" height="18" fill="#eef0f3"/>`,
      `<rect x="${labelWidth}" y="${y + 4}" width="${w.toFixed(2)}" height="18" fill="${part.color}"/>`,
      `<text x="${labelWidth + barWidth + 10}" y="${(y + 17).toFixed(1)}">${showKey(part.key, watts, 'MW')} (${cap > 0 ? percent(share) : 'n/a'})</text>`,
    ].join('')
  })
  // Each key as the panel and the tables show it: the cap rounded down, never above what the site can draw.
  const title = `Where the ${showKey('it_cap_w', cap, 'MW')} IT cap goes`
  return [
    `<svg class="power-chart" role="img" aria-labelledby="power-chart-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="13">`,
    `<title id="power-chart-title">${escapeHtml(title)}</title>`,
    ...bars,
    '</svg>',
  ].join('\n')
}
