import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type BrowserContext } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import mwpackVite from '../../dist/vite.js'
import { printPdf } from '../../src/cli/print-pdf.js'
import { PAGE_CONTENT_SECURITY_POLICY } from '../../src/render/render-page.js'
import { ROOT, mwpack } from '../helpers/cli.js'
import { CHROMIUM, requireProgram } from '../helpers/required-tools.js'
import { tempDir } from '../helpers/tree.js'
import { hostileMemo, xssVectors } from '../helpers/xss-vectors.js'

/**
 * Every engine renders a memo full of attacks (test/helpers/xss-vectors.ts);
 * each page is opened in one headless Chromium with a fresh profile, while a
 * server on loopback records every request the attacks point at. A page
 * fails on any dialog, any global set by a script, any request but the
 * page's own, any navigation, and anything in its DOM that could run or
 * load. One browser serves the whole file.
 */
describe('a hostile memo', () => {
  let server: Server
  let origin: string
  const hits: string[] = []
  let browser: BrowserContext
  let site: string

  beforeAll(async () => {
    server = createServer((request, response) => {
      hits.push(`${request.method} ${request.url}`)
      // Answer as an attacker's server would: script that marks the page, a page that navigates on.
      const body = request.url?.endsWith('.js') ? "window.__pwned = 'remote script'" : '<script>window.__pwned = "remote page"</script>'
      response.writeHead(200, { 'content-type': request.url?.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await chromium.launchPersistentContext(tempDir('mwpack-chromium-'), {
      executablePath: requireProgram('chromium'),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
    site = tempDir('mwpack-hostile-')
    writeFileSync(join(site, 'hostile.memo.md'), hostileMemo(origin))
    cpSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`, join(site, 'hostile.cluster.json'))
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => server?.close(resolve))
  })

  /** Renders with the CLI and returns memo.html's path. */
  function render(engine: string, format = 'html'): string {
    const out = join(site, `out-${engine}-${format}`)
    const run = mwpack(['render', 'hostile.memo.md', '--engine', engine, '--format', format, '--out', out], { cwd: site })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    return join(out, 'memo.html')
  }

  /**
   * What went wrong while the page at `file` loaded and settled. With
   * `policyOnly` the page is not expected to be clean, only harmless: its
   * policy may refuse requests (and say so on the console), but none may
   * complete, run a script or navigate.
   */
  async function problemsOpening(file: string, { policyOnly = false } = {}): Promise<string[]> {
    const page = await browser.newPage()
    const url = pathToFileURL(file).href
    const problems: string[] = []
    const hitsBefore = hits.length
    let navigations = 0
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`)
      void dialog.dismiss()
    })
    page.on('request', (request) => {
      if (request.url() !== url && !policyOnly) problems.push(`request: ${request.url()}`)
    })
    page.on('requestfinished', (request) => {
      if (request.url() !== url) problems.push(`loaded: ${request.url()}`)
    })
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && ++navigations > 1) problems.push(`navigated to ${frame.url()}`)
    })
    page.on('popup', (popup) => problems.push(`popup: ${popup.url()}`))
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('console', (message) => {
      // On a sanitized page, a policy report means the sanitizer let something through for the policy to stop.
      if (message.type() === 'error' && !policyOnly) problems.push(`console: ${message.text()}`)
    })
    try {
      await page.goto(url, { waitUntil: 'load' })
      // Long enough for a zero-second refresh, an autofocus handler or a lazy image to fire.
      await page.waitForTimeout(400)
      if (page.url() !== url) problems.push(`left the page for ${page.url()}`)
      else problems.push(...(await page.evaluate(DOM_DANGERS)))
    } finally {
      await page.close()
    }
    for (const hit of hits.slice(hitsBefore)) problems.push(`server hit: ${hit}`)
    return problems
  }

  it('rendered by the builtin engine runs nothing, loads nothing and stays put', async () => {
    expect(await problemsOpening(render('builtin'))).toEqual([])
  })

  it('rendered by pandoc, which passes raw HTML through, runs nothing, loads nothing and stays put', async () => {
    requireProgram('pandoc')
    const file = render('pandoc')
    expect(await problemsOpening(file)).toEqual([])
    // The sanitizer alone, without the page's policy behind it, is enough.
    const withoutPolicy = join(site, 'pandoc-without-policy.html')
    writeFileSync(withoutPolicy, readFileSync(file, 'utf8').replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n/, ''))
    expect(readFileSync(withoutPolicy, 'utf8')).not.toContain('Content-Security-Policy')
    expect(await problemsOpening(withoutPolicy)).toEqual([])
  })

  it("rendered by the plugin's ?html in a real Vite build runs nothing, loads nothing and stays put", async () => {
    writeFileSync(join(site, 'entry.js'), "export { default as html } from './hostile.memo.md?html'\n")
    const out = join(site, 'vite-out')
    await build({
      root: site,
      configFile: false,
      logLevel: 'silent',
      plugins: [mwpackVite()],
      build: { outDir: out, emptyOutDir: true, lib: { entry: join(site, 'entry.js'), formats: ['es'], fileName: () => 'entry.mjs' } },
    })
    const { html } = (await import(pathToFileURL(join(out, 'entry.mjs')).href)) as { html: string }
    const file = join(site, 'plugin.html')
    writeFileSync(file, html)
    expect(await problemsOpening(file)).toEqual([])
  })

  it('is stopped by the page’s Content-Security-Policy alone, for everything a policy can stop', async () => {
    // Raw, unsanitized attacks under the policy. A refresh is a navigation, which no policy stops: the sanitizer removes it.
    const vectors = xssVectors(origin).filter((v) => !v.markdown && !v.swallows && !v.name.startsWith('meta refresh'))
    const file = join(site, 'policy-only.html')
    writeFileSync(
      file,
      `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${PAGE_CONTENT_SECURITY_POLICY}"><title>policy</title>\n${vectors.map((v) => v.text).join('\n')}`,
    )
    const problems = await problemsOpening(file, { policyOnly: true })
    // The DOM still holds the attacks (nothing removed them); none of them ran, loaded or navigated.
    expect(problems.filter((p) => !p.startsWith('in the page:'))).toEqual([])
    expect(problems.length).toBeGreaterThan(20)
  })

  it.each(['builtin', 'pandoc'])('prints to PDF from the %s engine’s page with no request leaving the printer, and exits 0', (engine) => {
    if (engine === 'pandoc') requireProgram('pandoc')
    const out = join(site, `pdf-${engine}`)
    const run = mwpack(['render', 'hostile.memo.md', '--engine', engine, '--format', 'pdf', '--out', out], { cwd: site })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const pdf = readFileSync(join(out, 'memo.pdf')).toString('latin1')
    expect(pdf.startsWith('%PDF-')).toBe(true)
    // The printed page is the memo, not an error page or a page it navigated to.
    expect(pdf).toContain('/Title (Hostile memo)')
    expect(hits).toEqual([])
  })

  it('prints even an unsanitized page without a request, a script or a navigation', async () => {
    const vectors = xssVectors(origin).filter((v) => !v.markdown && !v.swallows)
    const html = `<!doctype html><meta charset="utf-8"><title>Raw attacks</title>\n${vectors.map((v) => v.text).join('\n')}`
    // A policy that allows everything: only the printer's own isolation is tested.
    const printed = await printPdf(CHROMIUM, html, { timeoutMs: 60_000, contentSecurityPolicy: "default-src * 'unsafe-inline' data:", env: process.env })
    if (!printed.ok) throw new Error(printed.error)
    expect(Buffer.from(printed.bytes).toString('latin1')).toContain('/Title (Raw attacks)')
    expect(printed.blocked.some((url) => url.startsWith(`${origin}/refresh`))).toBe(true)
    expect(printed.blocked.some((url) => url.startsWith(`${origin}/style.css`))).toBe(true)
    expect(hits).toEqual([])
  })
})

/**
 * Runs in the page: anything in the DOM that could run, load or navigate.
 * mwpack's own charts are the only SVG allowed, inside the sizing panel.
 */
const DOM_DANGERS = () => {
  const found: string[] = []
  const say = (what: string) => found.push(`in the page: ${what}`)
  const doc = (globalThis as unknown as { document: any }).document
  if ((globalThis as unknown as { __pwned?: unknown }).__pwned !== undefined) found.push(`script ran: ${String((globalThis as any).__pwned)}`)
  for (const element of doc.querySelectorAll('*') as Iterable<any>) {
    const name = String(element.localName)
    const inPanel = element.closest('section.sizing') !== null
    if (
      /^(script|iframe|frame|frameset|object|embed|applet|form|button|base|link|img|image|picture|source|video|audio|track|template|noscript|portal|textarea|select)$/.test(
        name,
      )
    )
      say(`<${name}>`)
    if (name === 'meta' && element.httpEquiv && element.httpEquiv.toLowerCase() !== 'content-security-policy') say(`<meta http-equiv="${element.httpEquiv}">`)
    if (name === 'style' && element.parentElement?.localName !== 'head') say('a style sheet in the body')
    if (element.namespaceURI !== 'http://www.w3.org/1999/xhtml' && !inPanel) say(`<${name}> outside the sizing panel`)
    for (const attribute of element.attributes as Iterable<{ name: string; value: string }>) {
      if (attribute.name.startsWith('on')) say(`${attribute.name} on <${name}>`)
      if (/^(src|srcset|srcdoc|action|formaction|data|poster|background|ping|xlink:href)$/.test(attribute.name)) say(`${attribute.name} on <${name}>`)
      if (attribute.name === 'style' && /url|expression|import|\\/i.test(attribute.value)) say(`style "${attribute.value}"`)
    }
    if (name === 'a' && element.hasAttribute('href') && !['http:', 'https:', 'mailto:', 'file:'].includes(element.protocol))
      say(`a link to ${element.protocol}`)
  }
  return found
}
