import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build, createServer, type InlineConfig, type Rollup, type ViteDevServer } from 'vite'
import { afterEach, describe, expect, it } from 'vitest'
import { readZip } from '../../dist/index.js'
import mwpack from '../../dist/vite.js'
import { ROOT } from '../helpers/cli.js'
import { siteWithExample } from '../helpers/sites.js'
import { eventually } from '../helpers/eventually.js'
import { tempDir } from '../helpers/tree.js'

interface Sent {
  type: string
  err?: { message: string; loc?: { file: string; line: number; column: number }; frame?: string }
}

const servers: ViteDevServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

/** A real dev server on a free port, with every HMR message it sends recorded. */
async function serve(root: string, extra: InlineConfig = {}) {
  const server = await createServer({ root, configFile: false, logLevel: 'silent', plugins: [mwpack()], server: { port: 0, strictPort: false }, ...extra })
  servers.push(server)
  const sent: Sent[] = []
  const send = server.ws.send.bind(server.ws) as (payload: Sent) => void
  server.ws.send = ((payload: Sent) => {
    sent.push(payload)
    send(payload)
  }) as typeof server.ws.send
  await server.listen()
  const base = server.resolvedUrls!.local[0]!
  const get = (path: string) => fetch(new URL(path, base))
  return { server, sent, get }
}

describe('vite dev with mwpack', () => {
  it('serves ?report, and serves the new report after cluster.json changes, telling the page', async () => {
    const root = siteWithExample()
    const { get, sent } = await serve(root)
    const first = await get('/5mw.memo.md?import&report')
    expect(first.status).toBe(200)
    expect(await first.text()).toContain('\\"nodes\\":451')

    const config = join(root, '5mw.cluster.json')
    writeFileSync(config, readFileSync(config, 'utf8').replace('"it_cap_mw": 5,', '"it_cap_mw": 10,'))
    await eventually(() => expect(sent.some((m) => m.type === 'update' || m.type === 'full-reload')).toBe(true))
    await eventually(async () => expect(await (await get('/5mw.memo.md?import&report')).text()).toContain('\\"it_cap_w\\":10000000'))
  })

  it('reports a broken cluster.json to the overlay with its file, line and column, and recovers when it is fixed', async () => {
    const root = siteWithExample()
    const { get, sent } = await serve(root)
    expect((await get('/5mw.memo.md?import&report')).status).toBe(200)

    const config = join(root, '5mw.cluster.json')
    const good = readFileSync(config, 'utf8')
    writeFileSync(config, good.replace('"leaf_uplink_ports": 32', '"leaf_uplink_ports": 40'))
    await eventually(async () => expect((await get('/5mw.memo.md?import&report')).status).toBe(500))
    const overlay = await eventually(() => {
      const error = sent.find((m) => m.type === 'error')
      expect(error).toBeDefined()
      return error!.err!
    })
    expect(overlay.message).toMatch(/^error: fabric.leaf_host_ports \+ fabric.leaf_uplink_ports = 72 exceeds fabric.leaf.ports = 64/)
    expect(overlay.loc).toEqual({ file: config, line: 20, column: 23 })
    expect(overlay.frame).toContain('"leaf_host_ports": 32')

    writeFileSync(config, good)
    await eventually(async () => expect((await get('/5mw.memo.md?import&report')).status).toBe(200))
  })

  it('serves the artifacts at the URLs the memo module names, bundle.zip included', async () => {
    const root = siteWithExample()
    const { get } = await serve(root)
    // The page's entry imports the memo; its module names the artifact URLs.
    const entry = await (await get('/entry.js')).text()
    expect(entry).toContain('"/@id/__x00__mwpack:module/5mw.memo.md.js"')
    const module = await (await get('/@id/__x00__mwpack:module/5mw.memo.md.js')).text()
    expect(module).toContain('bundle: "/mwpack/5mw/bundle.zip"')
    const zip = await get('/mwpack/5mw/bundle.zip')
    expect(zip.status).toBe(200)
    expect(zip.headers.get('content-type')).toBe('application/zip')
    const read = readZip(new Uint8Array(await zip.arrayBuffer()), 'bundle.zip')
    expect(read.ok && read.value.map((m) => m.name)).toEqual(['MANIFEST.json', 'cluster_report.json', 'memo.md'])
    expect((await get('/mwpack/5mw/cluster_report.json')).headers.get('content-type')).toContain('application/json')
    expect((await get('/mwpack/nope/memo.md')).status).toBe(404)
  })

  it("links and serves the artifacts under Vite's base, and a click on the link (a request for HTML) gets the zip", async () => {
    const root = siteWithExample()
    const { get } = await serve(root, { base: '/docs/' })
    const entry = await (await get('/docs/entry.js')).text()
    expect(entry).toContain('"/docs/@id/__x00__mwpack:module/5mw.memo.md.js"')
    const module = await (await get('/docs/@id/__x00__mwpack:module/5mw.memo.md.js')).text()
    expect(module).toContain('bundle: "/docs/mwpack/5mw/bundle.zip"')
    const click = await fetch(new URL('/docs/mwpack/5mw/bundle.zip', (await get('/docs/')).url), { headers: { accept: 'text/html,*/*;q=0.8' } })
    expect(click.status).toBe(200)
    expect(click.headers.get('content-type')).toBe('application/zip')
    expect((await get('/mwpack/5mw/bundle.zip')).status).not.toBe(200)
  })

  it('loads a memo without a config (no report), and gives it one when a config appears beside it', async () => {
    const root = siteWithExample()
    rmSync(join(root, '5mw.cluster.json'))
    writeFileSync(join(root, '5mw.memo.md'), '# A memo without numbers\n')
    const { get } = await serve(root)
    const module = await get('/5mw.memo.md?import')
    expect(module.status).toBe(200)
    expect(await module.text()).toContain('report: null')
    expect((await get('/5mw.memo.md?import&report')).status).toBe(500)

    cpSync(join(ROOT, 'fixtures/reference/h100-5mw-64port.cluster.json'), join(root, 'cluster.json'))
    await eventually(async () => expect(await (await get('/5mw.memo.md?import&report')).text()).toContain('\\"nodes\\":451'))
  })

  it('switches to a config that appears and wins over the one in use (NAME.cluster.json over cluster.json)', async () => {
    const root = siteWithExample()
    cpSync(join(root, '5mw.cluster.json'), join(root, 'cluster.json'))
    rmSync(join(root, '5mw.cluster.json'))
    const { get, sent } = await serve(root)
    expect(await (await get('/entry.js')).text()).toContain('mwpack:report/5mw.memo.md.js')
    const report = () => get('/@id/__x00__mwpack:report/5mw.memo.md.js').then((r) => r.text())
    expect(await report()).toContain('\\"nodes\\":451')
    writeFileSync(join(root, '5mw.cluster.json'), readFileSync(join(root, 'cluster.json'), 'utf8').replace('"it_cap_mw": 5,', '"it_cap_mw": 10,'))
    await eventually(async () => expect(await report()).toContain('\\"it_cap_w\\":10000000'))
    await eventually(() => expect(sent.some((m) => m.type === 'update' || m.type === 'full-reload')).toBe(true))
  })

  it('answers a malformed or unknown artifact path with 400 or 404, never as an artifact or a server error', async () => {
    const root = siteWithExample()
    const { get } = await serve(root)
    expect((await get('/entry.js')).status).toBe(200)
    expect((await get('/mwpack/5mw/%E0%A4%A')).status).toBe(400)
    expect((await get('/mwpack/%ZZ/memo.md')).status).toBe(400)
    for (const path of [
      '/mwpack/5mw/constructor',
      '/mwpack/5mw/__proto__',
      '/mwpack/5mw/toString',
      '/mwpack/constructor/memo.md',
      '/mwpack/5mw/memo.md/x',
      '/mwpack/5mw/',
    ]) {
      const response = await get(path)
      expect(response.status, path).toBe(404)
      expect(response.headers.get('content-type'), path).toContain('text/plain')
    }
  })

  it('honours server.fs as Vite does: a memo outside the allowed folders is 403, like any file there', async () => {
    const site = tempDir('mwpack-fs-')
    const app = join(site, 'app')
    const outside = join(site, 'outside')
    mkdirSync(app)
    cpSync(siteWithExample(), outside, { recursive: true })
    writeFileSync(join(app, 'index.html'), '<!doctype html><p>app</p>')
    const { get } = await serve(app, { server: { port: 0, strictPort: false, fs: { allow: [app] } } })
    const viteOwn = await get(`/@fs${outside}/entry.js?import`)
    const memo = await get(`/@fs${outside}/5mw.memo.md?import&memo`)
    const report = await get(`/@fs${outside}/5mw.memo.md?import&report`)
    expect(viteOwn.status).toBe(403)
    expect(memo.status).toBe(403)
    expect(report.status).toBe(403)
    expect(await report.text()).not.toContain('nodes')
  })

  it('serves the same memo from outside the root when server.fs allows its folder', async () => {
    const site = tempDir('mwpack-fs-')
    const app = join(site, 'app')
    const outside = join(site, 'outside')
    mkdirSync(app)
    cpSync(siteWithExample(), outside, { recursive: true })
    const { get } = await serve(app, { server: { port: 0, strictPort: false, fs: { allow: [app, outside] } } })
    const report = await get(`/@fs${outside}/5mw.memo.md?import&report`)
    expect(report.status).toBe(200)
    expect(await report.text()).toContain('\\"nodes\\":451')
  })
})

describe('vite build --watch with mwpack', () => {
  it('rebuilds a memo when its config is created while watching', async () => {
    const root = siteWithExample()
    rmSync(join(root, '5mw.cluster.json'))
    writeFileSync(join(root, 'entry.js'), "import memo from './5mw.memo.md'\nexport const nodes = memo.report?.nodes ?? 'none'\n")
    writeFileSync(join(root, '5mw.memo.md'), '# A memo\n')
    const watcher = (await build({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [mwpack()],
      build: { watch: {}, outDir: 'out', lib: { entry: join(root, 'entry.js'), formats: ['es'], fileName: () => 'entry.mjs' } },
    })) as Rollup.RollupWatcher
    try {
      const bundled = () => readFileSync(join(root, 'out/entry.mjs'), 'utf8')
      await eventually(() => expect(bundled()).toMatch(/report: null/), 20_000)
      cpSync(join(ROOT, 'fixtures/reference/h100-5mw-64port.cluster.json'), join(root, 'cluster.json'))
      await eventually(() => expect(bundled()).toContain('\\"nodes\\":451'), 20_000)
    } finally {
      await watcher.close()
    }
  })

  it('rebuilds a memo when a config appears that wins over the one in use', async () => {
    const root = siteWithExample()
    cpSync(join(root, '5mw.cluster.json'), join(root, 'cluster.json'))
    rmSync(join(root, '5mw.cluster.json'))
    writeFileSync(join(root, 'entry.js'), "import memo from './5mw.memo.md'\nexport const cap = memo.report?.it_cap_w\n")
    const watcher = (await build({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [mwpack()],
      build: { watch: {}, outDir: 'out', lib: { entry: join(root, 'entry.js'), formats: ['es'], fileName: () => 'entry.mjs' } },
    })) as Rollup.RollupWatcher
    try {
      const bundled = () => readFileSync(join(root, 'out/entry.mjs'), 'utf8')
      await eventually(() => expect(bundled()).toContain('\\"it_cap_w\\":5000000'), 20_000)
      writeFileSync(join(root, '5mw.cluster.json'), readFileSync(join(root, 'cluster.json'), 'utf8').replace('"it_cap_mw": 5,', '"it_cap_mw": 10,'))
      await eventually(() => expect(bundled()).toContain('\\"it_cap_w\\":10000000'), 20_000)
    } finally {
      await watcher.close()
    }
  })
})
