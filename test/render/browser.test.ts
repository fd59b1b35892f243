import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { mwpack } from '../helpers/cli.js'
import { requireProgram } from '../helpers/required-tools.js'
import { tempDir } from '../helpers/tree.js'

describe('the rendered flagship memo in headless Chromium', () => {
  it('loads with no console errors and shows the sizing table, the power chart and the two trade-off charts', async () => {
    const out = join(tempDir(), '5mw')
    expect(mwpack(['render', 'fixtures/memos/v1-5mw/5mw.memo.md', '--out', out]).code).toBe(0)
    const browser = await chromium.launch({
      executablePath: requireProgram('chromium'),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 1200 } })
      const problems: string[] = []
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
      })
      page.on('pageerror', (e) => problems.push(String(e)))
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) problems.push(`network request: ${request.url()}`)
      })
      await page.goto(pathToFileURL(join(out, 'memo.html')).href)

      await expect(page.locator('h1').first().textContent()).resolves.toBe('How much compute fits in 5 MW?')
      expect(await page.locator('table.sizing-table').isVisible()).toBe(true)
      expect(await page.locator('table.sizing-table td').first().textContent()).toBe('451')
      const chart = page.locator('svg.power-chart')
      expect(await chart.isVisible()).toBe(true)
      const box = await chart.boundingBox()
      expect(box!.width).toBeGreaterThan(300)
      expect(await chart.locator('rect').count()).toBe(10)
      for (const id of ['cap-sweep-chart', 'capping-chart']) {
        const trade = page.locator(`svg#${id}`)
        expect(await trade.isVisible()).toBe(true)
        expect((await trade.boundingBox())!.height).toBeGreaterThan(200)
        // The lines are drawn inside the chart, not collapsed to a point (on axes from zero, a gain of a few percent is a few percent of the height).
        const line = (await trade.locator('path').first().boundingBox())!
        expect(line.width).toBeGreaterThan(150)
        expect(line.height).toBeGreaterThan(20)
      }
      // The memo's own tables rendered as tables, not as pipes in a paragraph.
      expect(await page.locator('main table:not(.sizing-table)').count()).toBe(4)
      const shot = await page.screenshot({ fullPage: true })
      expect(shot.length).toBeGreaterThan(10_000)
      expect(problems).toEqual([])
    } finally {
      await browser.close()
    }
    expect(readFileSync(join(out, 'memo.html'), 'utf8')).not.toContain('{{')
  })
})
