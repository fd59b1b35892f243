// A small, deterministic SVG line chart: axes with round ticks, series, a marker line and labelled points.
import { withThousands } from '../format/numbers.js'
import { escapeHtml } from './escape-html.js'

export interface Series {
  label: string
  color: string
  points: ReadonlyArray<readonly [x: number, y: number]>
  /** Draw steps (hold y until the next x) rather than straight segments. */
  steps?: boolean
  /** Draw a dot at each point and no line. */
  dots?: boolean
}

export interface LineChartSpec {
  /** Unique within the page: the chart's ids derive from it. */
  id: string
  title: string
  x: { label: string; min: number; max: number; format?: (value: number) => string }
  /** `fromZero: false` fits the axis to the data, for a trade-off whose interest is in the top few percent. */
  y: { label: string; format?: (value: number) => string; fromZero?: boolean }
  series: readonly Series[]
  /** A vertical line at x, labelled: "this memo's cap". */
  rule?: { x: number; label: string }
  /** More vertical lines, labelled lower down so they do not cover the rule's label: "3 tiers". */
  marks?: ReadonlyArray<{ x: number; label: string }>
  /** A horizontal line at y, labelled at its left end: "break-even". */
  level?: { y: number; label: string }
  /** A highlighted point, labelled: the optimum. */
  highlight?: { x: number; y: number; label: string }
}

const WIDTH = 640
const HEIGHT = 320
const PLOT = { left: 64, right: 20, top: 34, bottom: 46 }

/**
 * Every coordinate is written with fixed decimals and every label through
 * the locale-free number formatter, so the same data gives the same bytes on
 * every machine, and the SVG needs no script and no external resource.
 */
export function lineChart(spec: LineChartSpec): string {
  const [yLow, yHigh] = yRange(spec)
  const yTicks = niceTicks(spec.y.fromZero === false ? yLow : 0, Math.max(1, yHigh))
  const [yMin, yMax] = [yTicks[0]!, yTicks.at(-1)!]
  const xTicks = niceTicks(spec.x.min, spec.x.max).filter((t) => t >= spec.x.min - 1e-12 && t <= spec.x.max + 1e-12)
  const w = WIDTH - PLOT.left - PLOT.right
  const h = HEIGHT - PLOT.top - PLOT.bottom
  const span = spec.x.max - spec.x.min || 1
  const px = (x: number) => (PLOT.left + ((x - spec.x.min) / span) * w).toFixed(2)
  const py = (y: number) => (PLOT.top + h - ((y - yMin) / (yMax - yMin || 1)) * h).toFixed(2)
  const fx = spec.x.format ?? ((v: number) => withThousands(v))
  const fy = spec.y.format ?? ((v: number) => withThousands(v))

  const grid = [
    ...yTicks.map(
      (t) =>
        `<line x1="${PLOT.left}" x2="${PLOT.left + w}" y1="${py(t)}" y2="${py(t)}" stroke="#e3e6ea"/>` +
        `<text x="${PLOT.left - 6}" y="${py(t)}" dy="4" text-anchor="end">${fy(t)}</text>`,
    ),
    ...xTicks.map(
      (t) =>
        `<line x1="${px(t)}" x2="${px(t)}" y1="${PLOT.top + h}" y2="${PLOT.top + h + 4}" stroke="#6b7480"/><text x="${px(t)}" y="${PLOT.top + h + 18}" text-anchor="middle">${fx(t)}</text>`,
    ),
    `<line x1="${PLOT.left}" x2="${PLOT.left + w}" y1="${PLOT.top + h}" y2="${PLOT.top + h}" stroke="#6b7480"/>`,
    `<text x="${PLOT.left + w / 2}" y="${HEIGHT - 6}" text-anchor="middle">${escapeHtml(spec.x.label)}</text>`,
    `<text transform="translate(14 ${PLOT.top + h / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(spec.y.label)}</text>`,
  ]
  const lines = spec.series.map((s) => {
    if (s.dots) {
      const dots = s.points.map(([x, y]) => `<circle cx="${px(x)}" cy="${py(y)}" r="3" fill="${s.color}"/>`).join('')
      return `<g><title>${escapeHtml(s.label)}</title>${dots}</g>`
    }
    const coords = s.steps ? stepped(s.points) : s.points
    const d = coords.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(x)} ${py(y)}`).join('')
    return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"><title>${escapeHtml(s.label)}</title></path>`
  })
  // Legend entries side by side, each as wide as its label at about 6.6 px per character of 12 px text.
  let legendX = PLOT.left
  const legend = spec.series.map((s) => {
    const key = s.dots
      ? `<circle cx="${legendX + 7}" cy="12" r="3" fill="${s.color}"/>`
      : `<rect x="${legendX}" y="10" width="14" height="4" fill="${s.color}"/>`
    const entry = `${key}<text x="${legendX + 20}" y="16">${escapeHtml(s.label)}</text>`
    legendX += 20 + Math.ceil(s.label.length * 6.6) + 24
    return entry
  })
  const marks: string[] = []
  if (spec.rule && spec.rule.x >= spec.x.min && spec.rule.x <= spec.x.max) {
    const x = px(spec.rule.x)
    marks.push(
      `<line x1="${x}" x2="${x}" y1="${PLOT.top}" y2="${PLOT.top + h}" stroke="#6b7480" stroke-dasharray="4 3"/>`,
      `<text x="${x}" y="${PLOT.top + 12}" dx="4">${escapeHtml(spec.rule.label)}</text>`,
    )
  }
  for (const [i, mark] of (spec.marks ?? []).entries()) {
    if (mark.x < spec.x.min || mark.x > spec.x.max) continue
    const x = px(mark.x)
    marks.push(
      `<line x1="${x}" x2="${x}" y1="${PLOT.top}" y2="${PLOT.top + h}" stroke="#b03a2e" stroke-dasharray="2 3"/>`,
      `<text x="${x}" y="${PLOT.top + 28 + 14 * (i % 2)}" dx="4" fill="#b03a2e">${escapeHtml(mark.label)}</text>`,
    )
  }
  if (spec.level) {
    const y = py(spec.level.y)
    marks.push(
      `<line x1="${PLOT.left}" x2="${PLOT.left + w}" y1="${y}" y2="${y}" stroke="#6b7480" stroke-dasharray="6 3"/>`,
      `<text x="${PLOT.left + 6}" y="${y}" dy="-5">${escapeHtml(spec.level.label)}</text>`,
    )
  }
  if (spec.highlight) {
    const { x, y, label } = spec.highlight
    // Label on the side with more room, so it stays inside the plot.
    const leftHalf = (x - spec.x.min) / span < 0.5
    marks.push(
      `<circle cx="${px(x)}" cy="${py(y)}" r="4.5" fill="#fff" stroke="#c0392b" stroke-width="2"/>`,
      `<text x="${px(x)}" y="${py(y)}" dx="${leftHalf ? 8 : -8}" dy="-8" text-anchor="${leftHalf ? 'start' : 'end'}">${escapeHtml(label)}</text>`,
    )
  }
  return [
    `<svg class="chart" id="${spec.id}" role="img" aria-labelledby="${spec.id}-title" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="12">`,
    `<title id="${spec.id}-title">${escapeHtml(spec.title)}</title>`,
    ...grid,
    ...lines,
    ...legend,
    ...marks,
    '</svg>',
  ].join('\n')
}

/**
 * The lowest and highest y of every series and the highlight, in one loop: a
 * frontier can have hundreds of thousands of points, too many to spread into
 * `Math.min` (a call takes its arguments on the stack).
 */
function yRange(spec: LineChartSpec): [low: number, high: number] {
  let low = Infinity
  let high = -Infinity
  for (const y of [spec.highlight?.y, spec.level?.y]) {
    if (y === undefined) continue
    low = Math.min(low, y)
    high = Math.max(high, y)
  }
  for (const series of spec.series)
    for (const [, y] of series.points) {
      if (y < low) low = y
      if (y > high) high = y
    }
  return [low, high]
}

function stepped(points: Series['points']): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = []
  points.forEach(([x, y], i) => {
    if (i > 0) out.push([x, points[i - 1]![1]])
    out.push([x, y])
  })
  return out
}

/** Four to eight ticks at 1, 2 or 5 times a power of ten, covering [lo, hi]. */
export function niceTicks(lo: number, hi: number): number[] {
  const range = hi - lo || Math.abs(hi) || 1
  const raw = range / 5
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => range / s <= 8)!
  const first = Math.floor(lo / step + 1e-9)
  const last = Math.ceil(hi / step - 1e-9)
  // Multiply integers rather than accumulate, and round away float dust: 0.1 * 3 prints as 0.3.
  const digits = Math.max(0, -Math.floor(Math.log10(step)))
  return Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toFixed(digits)))
}
