import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { createServer as createVite8Server, type InlineConfig, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import mwpack from '../../dist/vite.js'
import { ROOT } from '../helpers/cli.js'
import { hostPackage, importFromHost } from '../helpers/hosts.js'
import { siteWithExample } from '../helpers/sites.js'
import { eventually } from '../helpers/eventually.js'
import { tempDir } from '../helpers/tree.js'

type CreateServer = (config: InlineConfig) => Promise<ViteDevServer>

const SECRET = 'TOP-SECRET-BYTES'
/** Folder names with characters URLs treat specially. */
const ODD_FOLDERS = ['pct%25', 'pct%', 'sp ace', 'q?x', 'hash#x', 'ü']

/**
 * A site whose app imports one memo, next to things a browser must never get:
 * a secret outside the served folder, a key Vite's `server.fs.deny` covers,
 * and a memo outside `server.fs.allow` that only the server side imports.
 */
function hostileSite() {
  const site = tempDir('mwpack-hostile-')
  const app = join(site, 'app')
  cpSync(siteWithExample(), app, { recursive: true })
  writeFileSync(join(site, 'secret.txt'), `${SECRET}\n`)
  writeFileSync(join(app, 'server.pem'), `${SECRET}\n`)
  writeFileSync(join(app, 'main.js'), "import report from './5mw.memo.md?report'\nexport const nodes = report.nodes\n")
  mkdirSync(join(site, 'outside'))
  cpSync(join(app, '5mw.memo.md'), join(site, 'outside/far.memo.md'))
  cpSync(join(app, '5mw.cluster.json'), join(site, 'outside/far.cluster.json'))
  writeFileSync(join(app, 'server-entry.js'), "export { default } from '../outside/far.memo.md?memo'\n")
  ODD_FOLDERS.forEach((folder, i) => {
    mkdirSync(join(app, folder))
    writeFileSync(join(app, folder, `m${i}.memo.md`), `# Memo in ${folder}\n`)
  })
  writeFileSync(join(app, 'odd.js'), ODD_FOLDERS.map((f, i) => `export { default as m${i} } from './${f}/m${i}.memo.md?memo'\n`).join(''))
  return { site, app }
}

async function serve(createServer: CreateServer, root: string) {
  const logs: string[] = []
  // Vite colours its messages when CI is set (picocolors reads it): keep the text.
  const log = (message: string) => void logs.push(stripVTControlCharacters(message))
  const customLogger = { info: log, warn: log, warnOnce: log, error: log, clearScreen() {}, hasErrorLogged: () => false, hasWarned: false }
  const server = await createServer({
    root,
    configFile: false,
    customLogger,
    plugins: [mwpack()],
    server: { port: 0, strictPort: false, fs: { allow: [root] } },
  })
  await server.listen()
  const base = server.resolvedUrls!.local[0]!
  const get = (url: string, init?: RequestInit) => fetch(new URL(url, base), init)
  return { server, get, logs }
}

/** The generated-module URLs a transformed module imports. */
const importedIds = (code: string) => [...code.matchAll(/"(\/@id\/__x00__mwpack:[^"]+)"/g)].map((m) => m[1]!)

const majors: Array<[string, () => Promise<CreateServer>]> = [
  ['Vite 8', async () => createVite8Server as CreateServer],
  ['Vite 5', async () => (await importFromHost<{ createServer: CreateServer }>(hostPackage('vite-majors'), 'vite5')).createServer],
]

describe.each(majors)('%s dev server with mwpack, against requests no page makes', (_, load) => {
  let app: string
  let site: string
  let dev: Awaited<ReturnType<typeof serve>>
  /** What Vite itself answers for a generated-module id nobody made. */
  let unknown: { status: number; body: string }

  beforeAll(async () => {
    ;({ app, site } = hostileSite())
    dev = await serve(await load(), app)
    const response = await dev.get('/@id/__x00__nobody-made-this.js')
    unknown = { status: response.status, body: await response.text() }
  })
  afterAll(async () => dev?.server.close())

  it('serves the memo the app imports, through the id its import was rewritten to', async () => {
    const main = await (await dev.get('/main.js')).text()
    const [id] = importedIds(main)
    expect(id).toBe('/@id/__x00__mwpack:report/5mw.memo.md.js')
    const response = await dev.get(id!)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('\\"nodes\\":451')
  })

  it.each([
    '/@id/__x00__mwpack:memo/..%2Fsecret.txt.js',
    '/@id/__x00__mwpack:memo/%2e%2e/secret.txt.js',
    '/@id/__x00__mwpack:memo/~2E~2E/secret.txt.js',
    '/@id/%00mwpack:memo/..%2Fsecret.txt.js',
    '/@id/__x00__mwpack:module/..%2Fsecret.txt.js',
    '/@id/__x00__mwpack:report/..%2Fsecret.txt.js',
    '/@id/__x00__mwpack:manifest/..%2Fsecret.txt.js',
    '/@id/__x00__mwpack:html/..%2Fsecret.txt.js',
    '/@id/__x00__mwpack:memo/server.pem.js',
    '/@id/__x00__mwpack:memo/%2Fetc%2Fpasswd.js',
    '/@id/__x00__mwpack:memo/~2Fetc~2Fpasswd.js',
    '/@id/__x00__mwpack:memo/~2E~2E/~2E~2E/~2E~2E/~2E~2E/etc/passwd.js',
    '/@id/__x00__mwpack:memo/5mw.memo.md.js?raw',
    '/@id/__x00__mwpack:memo/../outside/far.memo.md.js',
    '/@id/__x00__mwpack:memo/~2E~2E/outside/far.memo.md.js',
  ])('answers %s as Vite answers an id nobody made, with none of the file', async (url) => {
    const response = await dev.get(url)
    const body = await response.text()
    expect(body).not.toContain(SECRET)
    expect(body).not.toContain('root:')
    expect({ status: response.status, body }).toEqual(unknown)
  })

  it('gives the browser nothing of a memo outside server.fs.allow that only the server side imports', async () => {
    const rendered = (await dev.server.ssrLoadModule('/server-entry.js')) as { default: string }
    expect(rendered.default).toContain('# 5 MW sizing')
    const ssrIds = [...dev.server.moduleGraph.idToModuleMap.keys()].filter((id) => id.includes('far.memo.md'))
    expect(ssrIds).toEqual(['\0mwpack:memo/~2E~2E/outside/far.memo.md.js'])
    for (const kind of ['memo', 'module', 'report']) {
      const response = await dev.get(`/@id/__x00__mwpack:${kind}/~2E~2E/outside/far.memo.md.js`)
      const body = await response.text()
      expect(body).not.toContain('5 MW sizing')
      expect({ status: response.status, body }).toEqual(unknown)
    }
    // Asked for by its file, it is Vite's 403, as for any file outside the allowed folders.
    expect((await dev.get(`/@fs${site}/outside/far.memo.md?import&memo`)).status).toBe(403)
  })

  it('adds no watched file and no memo for ids the client makes up', async () => {
    const watchedBefore = Object.keys(dev.server.watcher.getWatched()).sort()
    for (const url of ['/@id/__x00__mwpack:memo/%2Fusr%2Fshare.js', '/@id/__x00__mwpack:memo/~2Fusr~2Fshare.js', `/@fs/usr/share/x.memo.md?import&memo`]) {
      await (await dev.get(url)).text()
    }
    expect(Object.keys(dev.server.watcher.getWatched()).sort()).toEqual(watchedBefore)
    expect((await dev.get('/mwpack/share/memo.md')).status).toBe(404)
  })

  it('keeps serving the imported memo when a request names another memo of the same name', async () => {
    mkdirSync(join(app, 'other'), { recursive: true })
    cpSync(join(app, '5mw.memo.md'), join(app, 'other/5mw.memo.md'))
    // Vite may serve this file (it is inside the allowed folder), but no page imports it: it cannot take the name.
    await (await dev.get('/other/5mw.memo.md?import&memo')).text()
    const report = await dev.get('/@id/__x00__mwpack:report/5mw.memo.md.js')
    expect(await report.text()).toContain('\\"nodes\\":451')
    expect(report.status).toBe(200)
    const zip = await dev.get('/mwpack/5mw/cluster_report.json')
    expect(zip.status).toBe(200)
    expect(await zip.text()).toContain('"nodes": 451')
  })

  it('loads memos whose folders hold %, spaces, ?, # and non-ASCII letters', async () => {
    const odd = await (await dev.get('/odd.js')).text()
    const ids = importedIds(odd)
    expect(ids).toHaveLength(6)
    const bodies = await Promise.all(ids.map(async (id) => (await dev.get(id)).text()))
    expect(bodies.map((b) => /Memo in ([^\\]*)/.exec(b)?.[1])).toEqual(ODD_FOLDERS)
  })

  it('rebuilds a memo when a config that wins appears, edits or goes, logging the file and never a module id', async () => {
    mkdirSync(join(app, 'cfg'))
    cpSync(join(app, '5mw.memo.md'), join(app, 'cfg/c.memo.md'))
    cpSync(join(app, '5mw.cluster.json'), join(app, 'cfg/cluster.json'))
    writeFileSync(join(app, 'c.js'), "export { default } from './cfg/c.memo.md?report'\n")
    const [id] = importedIds(await (await dev.get('/c.js')).text())
    const report = () => dev.get(id!).then((r) => r.text())
    expect(await report()).toContain('\\"it_cap_w\\":5000000')
    const tenMegawatts = readFileSync(join(app, 'cfg/cluster.json'), 'utf8').replace('"it_cap_mw": 5,', '"it_cap_mw": 10,')
    writeFileSync(join(app, 'cfg/c.cluster.json'), tenMegawatts)
    await eventually(async () => expect(await report()).toContain('\\"it_cap_w\\":10000000'))
    writeFileSync(join(app, 'cfg/c.cluster.json'), tenMegawatts.replace('"it_cap_mw": 10,', '"it_cap_mw": 7,'))
    await eventually(async () => expect(await report()).toContain('\\"it_cap_w\\":7000000'))
    rmSync(join(app, 'cfg/c.cluster.json'))
    await eventually(async () => expect(await report()).toContain('\\"it_cap_w\\":5000000'))
    // The page reload is logged when the watcher's event lands, which may be after the next request sees the change.
    await eventually(async () => expect(dev.logs).toContain('page reload cfg/c.cluster.json'))
    expect(dev.logs.join('\n')).not.toContain('\0')
    expect(dev.logs.join('\n')).not.toContain('mwpack:')
  })

  it('answers the artifact folder with 405 for anything but GET and HEAD', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const response = await dev.get('/mwpack/5mw/bundle.zip', { method })
      expect(response.status, method).toBe(405)
      expect(response.headers.get('allow'), method).toBe('GET, HEAD')
    }
    const head = await dev.get('/mwpack/5mw/bundle.zip', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-type')).toBe('application/zip')
  })
})

describe('vite dev with mwpack, as imports change', () => {
  it('forgets a memo no module imports any more: moving an import to a namesake in another folder works at once', async () => {
    const root = tempDir('mwpack-moved-')
    for (const folder of ['a', 'b']) {
      mkdirSync(join(root, folder))
      cpSync(join(ROOT, 'fixtures/memos/simple-5mw.memo.md'), join(root, folder, 'x.memo.md'))
      cpSync(join(ROOT, 'fixtures/reference/h100-5mw-64port.cluster.json'), join(root, folder, 'x.cluster.json'))
    }
    writeFileSync(join(root, 'b/x.cluster.json'), readFileSync(join(root, 'b/x.cluster.json'), 'utf8').replace('"it_cap_mw": 5,', '"it_cap_mw": 10,'))
    writeFileSync(join(root, 'main.js'), "export { default } from './a/x.memo.md?report'\n")
    const dev = await serve(createVite8Server as CreateServer, root)
    try {
      const first = importedIds(await (await dev.get('/main.js')).text())
      expect(await (await dev.get(first[0]!)).text()).toContain('\\"nodes\\":451')
      writeFileSync(join(root, 'main.js'), "export { default } from './b/x.memo.md?report'\n")
      let second: string[] = []
      for (let i = 0; i < 100 && second[0] !== '/@id/__x00__mwpack:report/b/x.memo.md.js'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        second = importedIds(await (await dev.get('/main.js')).text())
      }
      const response = await dev.get(second[0]!)
      const body = await response.text()
      expect(body).not.toContain('two memos are named')
      expect(response.status).toBe(200)
      expect(body).toContain('\\"it_cap_w\\":10000000')
    } finally {
      await dev.server.close()
    }
  })

  it('names a memo reached through a symbolic link after the link, as the command line does', async () => {
    const root = tempDir('mwpack-link-')
    mkdirSync(join(root, 'real'))
    cpSync(join(ROOT, 'fixtures/memos/simple-5mw.memo.md'), join(root, 'real/target.memo.md'))
    cpSync(join(ROOT, 'fixtures/reference/h100-5mw-64port.cluster.json'), join(root, 'linked.cluster.json'))
    symlinkSync(join(root, 'real/target.memo.md'), join(root, 'linked.memo.md'))
    writeFileSync(join(root, 'main.js'), "export { default } from './linked.memo.md'\n")
    const dev = await serve(createVite8Server as CreateServer, root)
    try {
      const [id] = importedIds(await (await dev.get('/main.js')).text())
      expect(id).toBe('/@id/__x00__mwpack:module/linked.memo.md.js')
      const module = await (await dev.get(id!)).text()
      expect(module).toContain('name: "linked"')
      expect(module).toContain('\\"nodes\\":451')
    } finally {
      await dev.server.close()
    }
  })
})
