import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mwpack as cli, ROOT } from '../helpers/cli.js'
import { copySite, filesContaining, listFiles, run, serveStatic, startDevServer, type DevServer } from '../helpers/framework-sites.js'
import { hostPackage } from '../helpers/hosts.js'
import { connectHmr } from '../helpers/hmr-client.js'
import { lookAtPage } from '../helpers/page-check.js'
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
    // The README's command-line build in a VitePress site: the CLI's default dist/ among the pages, before the site build,
    // which must publish nothing from it (VitePress skips **/dist/** when it collects pages).
    expect(cli(['build', '5mw.memo.md'], { cwd: site }).code).toBe(0)
    cliArtifacts = filesUnder(join(site, 'dist/5mw'))
    await run(process.execPath, [join(host, 'node_modules/vitepress/bin/vitepress.js'), 'build', '.', '--outDir', 'out'], site)
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
    // Nor is the CLI's build of it in dist/5mw/.
    expect(listFiles(out).filter((f) => f.startsWith('dist/'))).toEqual([])
  })

  it('leaks no path of the build machine', () => {
    expect(filesContaining(out, [site, 'file://'])).toEqual([])
  })

  // `vitepress init` writes .vitepress/config.mts: the README's line must type-check there with VitePress's own types.
  it('type-checks config.mts with tsc: withMwpack(defineConfig(...)) keeps the user config type', async () => {
    writeFileSync(
      join(site, '.vitepress/typed.mts'),
      [
        `import { defineConfig, type UserConfig } from 'vitepress'`,
        `import { withMwpack } from 'mwpack/vitepress'`,
        `import report from '../5mw.memo.md?report'`,
        `import memo from '../5mw.memo.md'`,
        `const config: UserConfig = withMwpack(defineConfig({ title: 'x', srcExclude: ['drafts/**'], vite: { plugins: [] }, buildEnd(site) { site.outDir.trim() } }), { outDir: 'sizing' })`,
        `export const nodes: number = report.nodes`,
        `export const bundle: string = memo.files.bundle`,
        `export default config`,
        '',
      ].join('\n'),
    )
    writeFileSync(
      join(site, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'ESNext',
          moduleResolution: 'Bundler',
          target: 'ES2022',
          skipLibCheck: true,
          types: ['mwpack/client'],
        },
        include: ['.vitepress/*.mts'],
      }),
    )
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], site)
  }, 120_000)

  it("shows the report's numbers in Chromium, and the download link fetches the CLI's zip", async () => {
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

  // The dev server runs the site under a base, as sites published in a subfolder do.
  describe("vitepress dev, under base: '/docs/'", () => {
    let dev: DevServer
    let devSite: string
    beforeAll(async () => {
      devSite = copySite(host)
      const config = join(devSite, '.vitepress/config.mts')
      writeFileSync(config, readFileSync(config, 'utf8').replace('defineConfig({', "defineConfig({ base: '/docs/',"))
      dev = await startDevServer(
        process.execPath,
        (port) => [join(host, 'node_modules/vitepress/bin/vitepress.js'), 'dev', '.', '--port', String(port), '--host', '127.0.0.1', '--strictPort'],
        devSite,
      )
    }, 90_000)
    afterAll(async () => dev?.stop())

    it('serves the report the page imports, tells the open page when cluster.json is edited, and serves the new number', async () => {
      const reportUrl = `${dev.url}/docs/5mw.memo.md?import&report`
      // The page module imports the report through mwpack's generated module.
      const page = await (await fetch(`${dev.url}/docs/index.md?import`)).text()
      expect(page).toContain('/docs/@id/__x00__mwpack:report/5mw.memo.md.js')
      const generated = await fetch(`${dev.url}/docs/@id/__x00__mwpack:report/5mw.memo.md.js`)
      expect(generated.status).toBe(200)
      expect(await generated.text()).toContain('\\"nodes\\":451')
      const hmr = await connectHmr(dev.url, '/docs/@vite/client')
      try {
        await hmr.next((m) => m.type === 'connected', 0)
        const config = join(devSite, '5mw.cluster.json')
        writeFileSync(config, readFileSync(config, 'utf8').replace('"it_cap_mw": 5,', '"it_cap_mw": 10,'))
        await hmr.next((m) => m.type === 'update' || m.type === 'full-reload')
      } finally {
        hmr.close()
      }
      const text = await (await fetch(reportUrl)).text()
      expect(text).toContain('\\"it_cap_w\\":10000000')
      expect(text).not.toContain('\\"nodes\\":451')
    })

    it('links the bundle under the base, and a click on the link gets the zip', async () => {
      await fetch(`${dev.url}/docs/index.md?import`)
      const module = await (await fetch(`${dev.url}/docs/@id/__x00__mwpack:module/5mw.memo.md.js`)).text()
      expect(module).toContain('"/docs/mwpack/5mw/bundle.zip"')
      const click = await fetch(`${dev.url}/docs/mwpack/5mw/bundle.zip`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } })
      expect(click.status).toBe(200)
      expect(click.headers.get('content-type')).toBe('application/zip')
    })
  })
})
