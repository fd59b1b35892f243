import { describe, expect, it } from 'vitest'
import { lineChart, type LineChartSpec } from '../../src/render/line-chart.js'

/** The labels of the y axis's ticks, bottom to top. */
const yTicks = (svg: string) => [...svg.matchAll(/dy="4" text-anchor="end">([^<]+)<\/text>/g)].map((m) => m[1])

const spec = (points: Array<readonly [number, number]>, extra: Partial<LineChartSpec> = {}): LineChartSpec => ({
  id: 'c',
  title: 'C',
  x: { label: 'x', min: 0, max: Math.max(1, points.length - 1) },
  y: { label: 'y', fromZero: false },
  series: [{ label: 's', color: '#000', points }],
  ...extra,
})

describe('a line chart', () => {
  it('fits its y axis to a series of half a million points, too many to spread into a call', () => {
    const points = Array.from({ length: 500_000 }, (_, i) => [i, 1000 + (i % 7)] as const)
    let svg = ''
    expect(() => (svg = lineChart(spec(points)))).not.toThrow()
    expect(yTicks(svg)).toEqual(['1,000', '1,001', '1,002', '1,003', '1,004', '1,005', '1,006'])
  })

  it('fits its y axis to the highlight as well as the series', () => {
    const svg = lineChart(
      spec(
        [
          [0, 50],
          [1, 60],
        ],
        { highlight: { x: 1, y: 90, label: 'best' } },
      ),
    )
    expect(yTicks(svg)[0]).toBe('50')
    expect(yTicks(svg).at(-1)).toBe('90')
  })

  it('starts at zero and reaches at least one when asked to, or when there is nothing to draw', () => {
    expect(
      yTicks(
        lineChart(
          spec(
            [
              [0, 50],
              [1, 60],
            ],
            { y: { label: 'y' } },
          ),
        ),
      )[0],
    ).toBe('0')
    expect(yTicks(lineChart(spec([], { y: { label: 'y' } })))).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1'])
  })
})
