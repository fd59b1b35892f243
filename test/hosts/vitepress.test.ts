import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mwpack as cli } from '../helpers/cli.js'
import { copySite, filesContaining, listFiles, run, serveStatic, startDevServer, type DevServer } from '../helpers/framework-sites.js'
import { hostPackage } from '../helpers/hosts.js'
import { hasChromium, lookAtPage } from '../helpers/page-check.js'
import { filesUnder } from '../helpers/sites.js'

// VitePress 1 runs on Vite 5, VitePress 2 on Vite 8: the two ends of the supported range.
describe.each([
  ['VitePress 1.6.4', 'vitepress1'],
  ['VitePress 2.0.0-alpha.21', 'vitepress2'],
])('%s with withMwpack()', (_, name) => {
  let host: string
  let site: string
  let out: string
  let cliArtifacts: Map<string, Buffer>

  // One build of the site, shared by every assertion below.
  beforeAll(async () => {
    host = hostPackage(name)
    site = copySite(host)
    out = join(site, 'out')
    await run(process.execPath, [join(host, 'node_modules/vitepress/bin/vitepress.js'), 'build', '.', '--outDir', 'out'], site)
    expect(cli(['build', '5mw.memo.md', '--out', 'cli'], { cwd: site }).code).toBe(0)
    cliArtifacts = filesUnder(join(site, 'cli'))
  }, 180_000)

  it("prerenders the page with the report's numbers and links the bundle", () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8')
    expect(html).toMatch(/<span id="nodes">451<\/span> nodes, <span id="gpus">3608<\/span> GPUs/)
    expect(html).toContain('href="/mwpack/5mw/bundle.zip"')
  })

  it('writes the artifact folder with the bytes of mwpack build', () => {
    expect(filesUnder(join(out, 'mwpack/5mw'))).toEqual(cliArtifacts)
  })

  it('publishes no memo as a page', () => {
    expect(listFiles(out).filter((f) => f.includes('memo') && f.endsWith('.html'))).toEqual([])
    expect(existsSync(join(out, '5mw.memo.html'))).toBe(false)
    // A memo no page imports (notes/orphan.memo.md) is not a page either.
    expect(existsSync(join(out, 'notes/orphan.memo.html'))).toBe(false)
    expect(listFiles(out).filter((f) => f.startsWith('notes/'))).toEqual([])
  })

  it('leaks no path of the build machine', () => {
    expect(filesContaining(out, [site, 'file://'])).toEqual([])
  })

  it.runIf(hasChromium)("shows the report's numbers in Chromium, and the download link fetches the CLI's zip", async () => {
    const server = await serveStatic(out)
    try {
      const look = await lookAtPage(`${server.url}/`, ['#nodes', '#gpus'], '#bundle')
      expect(look.texts).toEqual({ '#nodes': '451', '#gpus': '3608' })
      expect(Buffer.from(look.download)).toEqual(cliArtifacts.get('bundle.zip'))
      expect(look.problems).toEqual([])
    } finally {
      await server.close()
    }
  })

  describe('vitepress dev', () => {
    let dev: DevServer
    let devSite: string
    beforeAll(async () => {
      devSite = copySite(host)
      dev = await startDevServer(
        process.execPath,
        (port) => [join(host, 'node_modules/vitepress/bin/vitepress.js'), 'dev', '.', '--port', String(port), '--host', '127.0.0.1', '--strictPort'],
        devSite,
      )
    }, 90_000)
    afterAll(async () => dev?.stop())

    it('serves the report the page imports, and the new number after cluster.json is edited', async () => {
      const reportUrl = `${dev.url}/5mw.memo.md?import&report`
      // The page module imports the report through mwpack's generated module.
      const page = await (await fetch(`${dev.url}/index.md?import`)).text()
      expect(page).toContain('/@id/__x00__mwpack:report/5mw.memo.md.js')
      const generated = await fetch(`${dev.url}/@id/__x00__mwpack:report/5mw.memo.md.js`)
      expect(generated.status).toBe(200)
      expect(await generated.text()).toContain('\\"nodes\\":451')
      const config = join(devSite, '5mw.cluster.json')
      writeFileSync(config, readFileSync(config, 'utf8').replace('"it_cap_mw": 5,', '"it_cap_mw": 10,'))
      const deadline = Date.now() + 20_000
      let text = ''
      while (Date.now() < deadline) {
        text = await (await fetch(reportUrl)).text()
        if (text.includes('\\"it_cap_w\\":10000000')) break
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
      expect(text).toContain('\\"it_cap_w\\":10000000')
      expect(text).not.toContain('\\"nodes\\":451')
      const zip = await fetch(`${dev.url}/mwpack/5mw/bundle.zip`)
      expect(zip.status).toBe(200)
    })
  })
})
