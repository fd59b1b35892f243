import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { build, createBuilder } from 'vite'
import { describe, expect, it } from 'vitest'
import mwpack from '../../dist/vite.js'
import { ARTIFACTS, filesUnder, siteWithExample } from '../helpers/sites.js'

describe('vite builds of a whole site', () => {
  it('builds an app (index.html) with the artifacts beside it and the report in the page script', async () => {
    const root = siteWithExample()
    await build({ root, configFile: false, logLevel: 'silent', plugins: [mwpack()], build: { outDir: 'out', emptyOutDir: true } })
    expect([...filesUnder(join(root, 'out/mwpack/5mw')).keys()]).toEqual(ARTIFACTS)
    const script = readdirSync(join(root, 'out/assets')).find((f) => f.endsWith('.js'))!
    expect(readFileSync(join(root, 'out/assets', script), 'utf8')).toContain('"nodes":451')
  })

  it('zips only for the browser: a server build points at the client URLs and emits nothing', async () => {
    const root = siteWithExample()
    await build({ root, configFile: false, logLevel: 'silent', plugins: [mwpack()], build: { ssr: 'entry.js', outDir: 'server', emptyOutDir: true } })
    expect(existsSync(join(root, 'server/mwpack'))).toBe(false)
    const server = readFileSync(join(root, 'server/entry.mjs'), 'utf8')
    expect(server).toContain('"/mwpack/5mw/bundle.zip"')
  })

  it('uses the configured base in URLs', async () => {
    const root = siteWithExample()
    await build({
      root,
      base: '/docs/',
      configFile: false,
      logLevel: 'silent',
      plugins: [mwpack()],
      build: { ssr: 'entry.js', outDir: 'server', emptyOutDir: true },
    })
    expect(readFileSync(join(root, 'server/entry.mjs'), 'utf8')).toContain('"/docs/mwpack/5mw/memo.md"')
  })

  it('zips once in a multi-environment build (client and ssr from one builder)', async () => {
    const root = siteWithExample()
    const builder = await createBuilder({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [mwpack()],
      environments: {
        client: { build: { outDir: 'out/client', emptyOutDir: true } },
        ssr: { build: { ssr: true, outDir: 'out/server', emptyOutDir: true, rollupOptions: { input: join(root, 'entry.js') } } },
      },
      builder: {},
    })
    await builder.buildApp()
    expect([...filesUnder(join(root, 'out/client/mwpack/5mw')).keys()]).toEqual(ARTIFACTS)
    expect(existsSync(join(root, 'out/server/mwpack'))).toBe(false)
  })
})
