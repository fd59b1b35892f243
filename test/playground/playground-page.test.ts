import { readFileSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/cli.js'
import { requireProgram } from '../helpers/required-tools.js'
import { tempDir } from '../helpers/tree.js'

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.md': 'text/markdown',
}

/** Serves a built site's files on loopback: module scripts do not load from file: URLs. */
function serve(root: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url!, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '')
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path)
    try {
      if (!statSync(file).isFile()) throw new Error('not a file')
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
      response.end(readFileSync(file))
    } catch {
      response.writeHead(404).end()
    }
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

/** Whether the document of a frame scrolls sideways, and every table cell whose text runs over more than one line. */
async function layout(frame: Frame | Page): Promise<{ overflow: number; wrapped: string[]; tables: number; scrolling: number }> {
  return frame.evaluate(() => {
    const doc = (globalThis as unknown as { document: any }).document
    const root = doc.scrollingElement
    const cells = [...doc.querySelectorAll('td, th')] as any[]
    const wrapped = cells.filter((cell) => {
      const range = doc.createRange()
      range.selectNodeContents(cell)
      const tops = new Set([...range.getClientRects()].map((r: any) => Math.round(r.top)))
      return tops.size > 1
    })
    return {
      overflow: root.scrollWidth - root.clientWidth,
      wrapped: wrapped.map((cell) => cell.textContent),
      tables: doc.querySelectorAll('table').length,
      scrolling: [...doc.querySelectorAll('table')].filter((t: any) => t.scrollWidth > t.clientWidth).length,
    }
  })
}

describe('the built playground page in headless Chromium', () => {
  let server: Server
  let context: BrowserContext
  let origin: string

  beforeAll(async () => {
    // One site build and one browser for every assertion below.
    const outDir = tempDir('mwpack-playground-')
    await build({ root: join(ROOT, 'playground'), logLevel: 'silent', build: { outDir, emptyOutDir: true } })
    server = await serve(outDir)
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    context = await chromium.launchPersistentContext(tempDir('mwpack-chromium-'), {
      executablePath: requireProgram('chromium'),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
  }, 120_000)

  afterAll(async () => {
    await context?.close()
    await new Promise((resolve) => server?.close(resolve))
  })

  /** Opens the page at a width, waits for both memos to render in their frames, and returns the page and those frames. */
  async function open(width: number) {
    const page = await context.newPage()
    await page.setViewportSize({ width, height: 900 })
    const problems: string[] = []
    page.on('console', (message) => {
      // A failed request is reported below with its URL.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text())
    })
    page.on('pageerror', (e) => problems.push(String(e)))
    page.on('response', (response) => {
      // Browsers ask every site for a favicon; the playground has none.
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) problems.push(`${response.status()}: ${response.url()}`)
    })
    await page.goto(`${origin}/`, { waitUntil: 'networkidle' })
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('iframe[srcdoc]').length === 2)
    const memos = page.frames().filter((f) => f !== page.mainFrame())
    for (const frame of memos) await frame.waitForSelector('h1')
    return { page, memos, problems }
  }

  it('shows both memos at 1280 px with no sideways scroll and no table cell wrapping', async () => {
    const { page, memos, problems } = await open(1280)
    try {
      expect(memos).toHaveLength(2)
      const titles = await Promise.all(memos.map((f) => f.locator('h1').first().textContent()))
      expect(titles).toEqual(['What to build on a 5 MW grid connection', 'A GB200 NVL72-class hall on a 12 MW grid connection'])
      expect((await layout(page)).overflow).toBe(0)
      for (const frame of memos) {
        const look = await layout(frame)
        expect(look.tables).toBeGreaterThan(4)
        expect(look.overflow).toBe(0)
        expect(look.wrapped).toEqual([])
        expect(look.scrolling).toBe(0)
        // The charts are drawn, at a readable size.
        for (const id of ['cap-sweep-chart']) expect((await frame.locator(`svg#${id}`).boundingBox())!.width).toBeGreaterThan(500)
      }
      expect(await page.locator('#memo-5mw .lede').textContent()).toMatch(/^[\d,]+ nodes, [\d,]+ GPUs on a 5 MW grid connection: /)
      expect(problems).toEqual([])
    } finally {
      await page.close()
    }
  })

  it('fits a phone, 390 px wide: neither the page nor a memo scrolls sideways, wide tables scroll inside themselves', async () => {
    const { page, memos, problems } = await open(390)
    try {
      expect((await layout(page)).overflow).toBe(0)
      for (const frame of memos) {
        const look = await layout(frame)
        expect(look.overflow).toBe(0)
        expect(look.scrolling).toBeGreaterThan(0)
        const chart = (await frame.locator('svg#cap-sweep-chart').boundingBox())!
        expect(chart.width).toBeLessThanOrEqual(390)
      }
      expect(problems).toEqual([])
    } finally {
      await page.close()
    }
  })
})
