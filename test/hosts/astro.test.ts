import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mwpack as cli, ROOT } from '../helpers/cli.js'
import { copySite, filesContaining, listFiles, run, serveStatic, startDevServer, type DevServer } from '../helpers/framework-sites.js'
import { hostPackage, modernNode } from '../helpers/hosts.js'
import { connectHmr } from '../helpers/hmr-client.js'
import { lookAtPage } from '../helpers/page-check.js'
import { filesUnder } from '../helpers/sites.js'

// Astro 7 needs Node 22.12 or later: its commands run with the Node 24 that `npm test` installs first
// (or this Node when it is recent enough).
let ASTRO_NODE: string
beforeAll(() => {
  ASTRO_NODE = modernNode()
})
const astro = (host: string) => join(host, 'node_modules/astro/bin/astro.mjs')

describe.each([
  // A static Astro site: one page imports the memo in its frontmatter only (prerendered, no client
  // script), another only in a client script.
  { label: 'Astro 7.3.5', site: 'site', memoFolder: 'src/memos', pages: ['index.html', 'client/index.html'] },
  // A Starlight site with the memo beside the docs, in the docs collection's folder.
  { label: 'Starlight 0.42.4 on Astro 7.3.5', site: 'starlight', memoFolder: 'src/content/docs', pages: ['index.html'] },
])('$label with the mwpack integration', ({ site: siteName, memoFolder, pages }) => {
  let host: string
  let site: string
  let out: string
  let cliArtifacts: Map<string, Buffer>

  // One build of the site, shared by every assertion below.
  beforeAll(async () => {
    host = hostPackage('astro')
    site = copySite(host, siteName, memoFolder)
    out = join(site, 'dist')
    await run(ASTRO_NODE, [astro(host), 'build'], site)
    expect(cli(['build', join(memoFolder, '5mw.memo.md'), '--out', 'cli'], { cwd: site }).code).toBe(0)
    cliArtifacts = filesUnder(join(site, 'cli'))
  }, 180_000)

  it("prerenders the frontmatter import: the page shows the report's numbers and links the bundle", () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8')
    expect(html).toMatch(/<span id="nodes">451<\/span> nodes, <span id="gpus">3608<\/span> GPUs/)
    expect(html).toContain('href="/mwpack/5mw/bundle.zip"')
  })

  it('writes the artifact folder with the bytes of mwpack build, though no client script imports the memo', () => {
    expect(filesUnder(join(out, 'mwpack/5mw'))).toEqual(cliArtifacts)
  })

  it('publishes no memo as a page or collection entry', () => {
    expect(listFiles(out).filter((f) => f.endsWith('.html'))).toEqual(expect.arrayContaining(pages))
    expect(listFiles(out).filter((f) => /memo/i.test(f) && !f.startsWith('mwpack/'))).toEqual([])
  })

  it('leaks no path of the build machine', () => {
    expect(filesContaining(out, [site, host, 'file://'])).toEqual([])
  })

  // The build wrote .astro/types.d.ts (Astro's own `*.md` types included), as `astro check` sees the project.
  it('type-checks with tsc as the README sets it up: ?mwpack is the Memo, ?report the report, withoutMemos takes docsLoader()', async () => {
    const memo = `./${relative(join(site, 'src'), join(site, memoFolder, '5mw.memo.md'))}`
    writeFileSync(
      join(site, 'src/memo-types.ts'),
      [
        `import memo from '${memo}?mwpack'`,
        `import report from '${memo}?report'`,
        `import type { ClusterReport, Memo } from 'mwpack'`,
        `export const bundle: string = memo.files.bundle`,
        `export const whole: Memo = memo`,
        `export const nodes: number = report.nodes`,
        `export const same: ClusterReport | null = memo.report`,
        '',
      ].join('\n'),
    )
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], site)
  }, 120_000)

  it("shows the report's numbers in Chromium, and the download link fetches the CLI's zip", async () => {
    const server = await serveStatic(out)
    try {
      for (const page of pages) {
        const look = await lookAtPage(`${server.url}/${page.replace(/index\.html$/, '')}`, ['#nodes'], '#bundle')
        expect(look.texts, page).toEqual({ '#nodes': '451' })
        expect(Buffer.from(look.download), page).toEqual(cliArtifacts.get('bundle.zip'))
        expect(look.problems, page).toEqual([])
      }
    } finally {
      await server.close()
    }
  })

  // The dev server runs the site under a base, as sites published in a subfolder do: Astro serves
  // pages under it while Vite's own base stays '/'.
  describe("astro dev, under base: '/docs'", () => {
    let dev: DevServer
    let devSite: string
    beforeAll(async () => {
      devSite = copySite(host, siteName, memoFolder)
      const config = join(devSite, 'astro.config.mjs')
      writeFileSync(config, readFileSync(config, 'utf8').replace('defineConfig({', "defineConfig({ base: '/docs',"))
      dev = await startDevServer(ASTRO_NODE, (port) => [astro(host), 'dev', '--port', String(port), '--host', '127.0.0.1'], devSite)
    }, 90_000)
    afterAll(async () => dev?.stop())

    it('links the bundle under the base, and a click on the link gets the zip', async () => {
      const html = await (await fetch(`${dev.url}/docs/`)).text()
      expect(html).toContain('href="/docs/mwpack/5mw/bundle.zip"')
      // A click is a navigation: it asks for HTML, which Astro answers with its 404 outside the base.
      const click = await fetch(`${dev.url}/docs/mwpack/5mw/bundle.zip`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } })
      expect(click.status).toBe(200)
      expect(click.headers.get('content-type')).toBe('application/zip')
    })

    it('reloads the open page when cluster.json changes or breaks, and the page shows the new number or the error', async () => {
      const nodes = async () => /<span id="nodes"[^>]*>(\d+)<\/span>/.exec(await (await fetch(`${dev.url}/docs/`)).text())?.[1]
      expect(await nodes()).toBe('451')
      const hmr = await connectHmr(dev.url)
      try {
        await hmr.next((m) => m.type === 'connected', 0)
        const config = join(devSite, memoFolder, '5mw.cluster.json')
        const good = readFileSync(config, 'utf8')
        writeFileSync(config, good.replace('"it_cap_mw": 5,', '"it_cap_mw": 10,'))
        await hmr.next((m) => m.type === 'full-reload')
        // The reload can come a moment before every server module is renewed: the page shows the new number soon after.
        const deadline = Date.now() + 20_000
        let now = await nodes()
        while (now === '451' && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 250))
          now = await nodes()
        }
        expect(Number(now)).toBeGreaterThan(451)

        // An edited memo reloads the page too; beside the docs, the collection's loader never hears of it.
        const memo = join(devSite, memoFolder, '5mw.memo.md')
        let since = hmr.messages.length
        writeFileSync(memo, `${readFileSync(memo, 'utf8')}\nOne more line.\n`)
        await hmr.next((m) => m.type === 'full-reload', since)
        expect(dev.output()).not.toMatch(/Reloaded data from .*memo/)

        since = hmr.messages.length
        writeFileSync(config, good.replace('"it_cap_mw": 5,', '"it_cap_mw": "5",'))
        await hmr.next((m) => m.type === 'full-reload', since)
        const broken = await fetch(`${dev.url}/docs/`)
        expect(broken.status).toBe(500)
        expect(dev.output()).toContain('it_cap_mw: expected a number')
      } finally {
        hmr.close()
      }
    })
  })
})

describe('Astro with a memo under src/pages', () => {
  it('stops the build, naming the memo and how to keep it a source, before publishing anything', async () => {
    const host = hostPackage('astro')
    const site = copySite(host, 'site', 'src/memos')
    writeFileSync(join(site, 'src/pages/stray.memo.md'), '# A memo in the pages folder\n')
    const failure = await run(ASTRO_NODE, [astro(host), 'build'], site).then(
      () => '',
      (e: Error) => e.message,
    )
    expect(failure).toContain('[mwpack] src/pages/stray.memo.md (/stray.memo) would be published as a page')
    expect(failure).toContain('Move the memo out of src/pages')
    expect(failure).not.toMatch(/Stack trace|^\s+at /m)
    expect(existsSync(join(site, 'dist/stray.memo/index.html'))).toBe(false)
  })

  it('in dev, says so without a stack and goes on serving; the memo page shows the message; a memo page added later is told too', async () => {
    const host = hostPackage('astro')
    const site = copySite(host, 'site', 'src/memos')
    writeFileSync(join(site, 'src/pages/stray.memo.md'), '# A memo in the pages folder\n')
    const dev = await startDevServer(ASTRO_NODE, (port) => [astro(host), 'dev', '--port', String(port), '--host', '127.0.0.1'], site)
    try {
      expect((await fetch(`${dev.url}/`)).status).toBe(200)
      expect(dev.output()).toContain('[ERROR] [mwpack] src/pages/stray.memo.md (/stray.memo) would be published as a page')
      const page = await fetch(`${dev.url}/stray.memo`)
      expect(page.status).toBe(500)
      expect(dev.output()).toContain('Move the memo out of src/pages')

      writeFileSync(join(site, 'src/pages/later.memo.md'), '# Another\n')
      const deadline = Date.now() + 20_000
      while (!dev.output().includes('src/pages/later.memo.md (/later.memo)') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200))
      expect(dev.output()).toContain('src/pages/later.memo.md (/later.memo)')
      expect((await fetch(`${dev.url}/`)).status).toBe(200)
      expect(dev.output()).not.toMatch(/Stack trace|unhandled|^\s+at /im)
    } finally {
      await dev.stop()
    }
  }, 120_000)
})
