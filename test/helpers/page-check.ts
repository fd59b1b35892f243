import { chromium } from 'playwright-core'
import { requireProgram } from './required-tools.js'
import { tempDir } from './tree.js'

export interface PageLook {
  /** The text of each selector, as the page shows it once scripts ran. */
  texts: Record<string, string | null>
  /** The bytes behind the download link, fetched by the page as a click would. */
  download: Uint8Array
  /** Console errors and failed requests. */
  problems: string[]
}

/** Opens `url` in headless Chromium (fresh profile, no network but loopback), reads texts and fetches the link `linkSelector` points to. Throws, naming the Debian package, when Chromium is not installed. */
export async function lookAtPage(url: string, selectors: readonly string[], linkSelector: string): Promise<PageLook> {
  // A fresh profile for each look: nothing cached or remembered from another run.
  const browser = await chromium.launchPersistentContext(tempDir('mwpack-chromium-'), {
    executablePath: requireProgram('chromium'),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  try {
    const page = await browser.newPage()
    const problems: string[] = []
    page.on('console', (message) => {
      // A failed request is reported below with its URL.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text())
    })
    page.on('pageerror', (e) => problems.push(String(e)))
    page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`))
    page.on('response', (response) => {
      // Browsers ask every site for a favicon; the test sites have none.
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) problems.push(`${response.status()}: ${response.url()}`)
    })
    await page.goto(url, { waitUntil: 'networkidle' })
    const texts: Record<string, string | null> = {}
    for (const selector of selectors) texts[selector] = await page.locator(selector).first().textContent()
    const bytes = await page.evaluate(async (selector) => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { href: string } | null } }).document
      const link = doc.querySelector(selector)
      if (!link) return null
      const response = await fetch(link.href)
      return response.ok ? Array.from(new Uint8Array(await response.arrayBuffer())) : null
    }, linkSelector)
    return { texts, download: new Uint8Array(bytes ?? []), problems }
  } finally {
    await browser.close()
  }
}
