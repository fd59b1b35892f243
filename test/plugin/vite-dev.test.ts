import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createServer, type ViteDevServer } from 'vite'
import { afterEach, describe, expect, it } from 'vitest'
import { readZip } from '../../dist/index.js'
import mwpack from '../../dist/vite.js'
import { siteWithExample } from '../helpers/sites.js'

interface Sent {
  type: string
  err?: { message: string; loc?: { file: string; line: number; column: number }; frame?: string }
}

const servers: ViteDevServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

/** A real dev server on a free port, with every HMR message it sends recorded. */
async function serve(root: string) {
  const server = await createServer({ root, configFile: false, logLevel: 'silent', plugins: [mwpack()], server: { port: 0, strictPort: false } })
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

/** Waits until `check` passes (file watching is asynchronous), failing after a few seconds. */
async function eventually<T>(check: () => Promise<T> | T, timeout = 8000): Promise<T> {
  const start = Date.now()
  for (;;) {
    try {
      return await check()
    } catch (e) {
      if (Date.now() - start > timeout) throw e
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
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
    expect(overlay.message).toContain('5mw.cluster.json:20:24: error: fabric.leaf_host_ports + fabric.leaf_uplink_ports = 72 exceeds fabric.leaf.ports = 64')
    expect(overlay.loc).toEqual({ file: config, line: 20, column: 23 })
    expect(overlay.frame).toContain('"leaf_host_ports": 32')

    writeFileSync(config, good)
    await eventually(async () => expect((await get('/5mw.memo.md?import&report')).status).toBe(200))
  })

  it('serves the artifacts at the URLs the memo module names, bundle.zip included', async () => {
    const root = siteWithExample()
    const { get } = await serve(root)
    const module = await (await get('/5mw.memo.md?import')).text()
    expect(module).toContain('bundle: "/mwpack/5mw/bundle.zip"')
    const zip = await get('/mwpack/5mw/bundle.zip')
    expect(zip.status).toBe(200)
    expect(zip.headers.get('content-type')).toBe('application/zip')
    const read = readZip(new Uint8Array(await zip.arrayBuffer()), 'bundle.zip')
    expect(read.ok && read.value.map((m) => m.name)).toEqual(['MANIFEST.json', 'cluster_report.json', 'memo.md'])
    expect((await get('/mwpack/5mw/cluster_report.json')).headers.get('content-type')).toContain('application/json')
    expect((await get('/mwpack/nope/memo.md')).status).toBe(404)
  })
})
