import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mwpack as cli } from '../helpers/cli.js'
import { copySite, filesContaining, listFiles, run, serveStatic, startDevServer, type DevServer } from '../helpers/framework-sites.js'
import { hostPackage, MODERN_NODE } from '../helpers/hosts.js'
import { hasChromium, lookAtPage } from '../helpers/page-check.js'
import { filesUnder } from '../helpers/sites.js'

// Astro 7 needs Node 22.12 or later: its commands run with the Node 24 that .ci/run installs
// (or this Node when it is recent enough).
const ASTRO_NODE = MODERN_NODE!
const astro = (host: string) => join(host, 'node_modules/astro/bin/astro.mjs')

describe.runIf(MODERN_NODE !== undefined).each([
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

  it.runIf(hasChromium)("shows the report's numbers in Chromium, and the download link fetches the CLI's zip", async () => {
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

  describe('astro dev', () => {
    let dev: DevServer
    let devSite: string
    beforeAll(async () => {
      devSite = copySite(host, siteName, memoFolder)
      dev = await startDevServer(ASTRO_NODE, (port) => [astro(host), 'dev', '--port', String(port), '--host', '127.0.0.1'], devSite)
    }, 90_000)
    afterAll(async () => dev?.stop())

    it('renders the number, and the new number after cluster.json is edited; serves the bundle', async () => {
      const nodes = async () => /<span id="nodes"[^>]*>(\d+)<\/span>/.exec(await (await fetch(`${dev.url}/`)).text())?.[1]
      expect(await nodes()).toBe('451')
      const config = join(devSite, memoFolder, '5mw.cluster.json')
      writeFileSync(config, readFileSync(config, 'utf8').replace('"it_cap_mw": 5,', '"it_cap_mw": 10,'))
      const deadline = Date.now() + 20_000
      let now = await nodes()
      while (now === '451' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250))
        now = await nodes()
      }
      expect(Number(now)).toBeGreaterThan(451)
      const zip = await fetch(`${dev.url}/mwpack/5mw/bundle.zip`)
      expect(zip.status).toBe(200)
      expect(zip.headers.get('content-type')).toBe('application/zip')
    })
  })
})

describe.runIf(MODERN_NODE !== undefined)('Astro with a memo under src/pages', () => {
  it('stops the build, naming the memo and how to keep it a source, before publishing anything', async () => {
    const host = hostPackage('astro')
    const site = copySite(host, 'site', 'src/memos')
    writeFileSync(join(site, 'src/pages/stray.memo.md'), '# A memo in the pages folder\n')
    const failure = await run(ASTRO_NODE, [astro(host), 'build'], site).then(
      () => '',
      (e: Error) => e.message,
    )
    expect(failure).toContain('mwpack: src/pages/stray.memo.md (/stray.memo) would be published as a page')
    expect(failure).toContain('Move the memo out of src/pages')
    expect(existsSync(join(site, 'dist/stray.memo/index.html'))).toBe(false)
  })
})
