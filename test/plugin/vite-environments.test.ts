import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build, createBuilder } from 'vite'
import { describe, expect, it } from 'vitest'
import mwpack from '../../dist/vite.js'
import { inProcess } from '../helpers/in-process.js'
import { ARTIFACTS, filesUnder, siteWithExample } from '../helpers/sites.js'

/** The CLI's artifact folder for the example memo of a site. */
async function cliArtifacts(root: string) {
  expect((await inProcess(['build', '5mw.memo.md', '--out', 'cli'], { cwd: root })).code).toBe(0)
  return filesUnder(join(root, 'cli'))
}

describe('vite builds of a whole site', () => {
  it('builds an app (index.html) with the artifacts beside it and the report in the page script', async () => {
    const root = siteWithExample()
    await build({ root, configFile: false, logLevel: 'silent', plugins: [mwpack()], build: { outDir: 'out', emptyOutDir: true } })
    expect(filesUnder(join(root, 'out/mwpack/5mw'))).toEqual(await cliArtifacts(root))
    const script = readdirSync(join(root, 'out/assets')).find((f) => f.endsWith('.js'))!
    expect(readFileSync(join(root, 'out/assets', script), 'utf8')).toContain('"nodes":451')
  })

  it('gives a server-only build (a prerendered page, no client import) the artifacts too, linked under the base, never as file:// URLs', async () => {
    const root = siteWithExample()
    await build({ root, configFile: false, logLevel: 'silent', plugins: [mwpack()], build: { ssr: 'entry.js', outDir: 'server', emptyOutDir: true } })
    expect([...filesUnder(join(root, 'server/mwpack/5mw')).keys()]).toEqual(ARTIFACTS)
    expect(filesUnder(join(root, 'server/mwpack/5mw'))).toEqual(await cliArtifacts(root))
    const server = readFileSync(join(root, 'server/entry.mjs'), 'utf8')
    expect(server).toContain('"/mwpack/5mw/bundle.zip"')
    expect(server).not.toContain('file:')
    expect(server).not.toContain('import.meta.url')
  })

  it('uses the configured base in server URLs', async () => {
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

  it('writes the artifacts into both outputs of a client and ssr build from one builder', async () => {
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
    const expected = await cliArtifacts(root)
    expect(filesUnder(join(root, 'out/client/mwpack/5mw'))).toEqual(expected)
    expect(filesUnder(join(root, 'out/server/mwpack/5mw'))).toEqual(expected)
  })

  it.each([
    ['an app', { outDir: 'out', emptyOutDir: true }, 'out/assets', ''],
    ['a server-only build', { ssr: 'entry.js', outDir: 'out', emptyOutDir: true }, 'out', '&ssr'],
  ])('lets renderBuiltUrl name bundle.zip in %s, as it names any asset', async (_, buildOptions, scripts, ssr) => {
    const root = siteWithExample()
    writeFileSync(
      join(root, 'entry.js'),
      "import memo from './5mw.memo.md'\nimport raw from './5mw.memo.md?url'\nexport const urls = [memo.files.bundle, raw]\nconsole.log(urls)\n",
    )
    writeFileSync(join(root, 'index.html'), '<!doctype html><script type="module" src="./entry.js"></script>')
    await build({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [mwpack()],
      assetsInclude: ['**/*.md'],
      experimental: { renderBuiltUrl: (file, { ssr: server }) => `https://cdn.example/${file}?v=42${server ? '&ssr' : ''}` },
      build: { ...buildOptions, assetsInlineLimit: 0 },
    })
    const code = readdirSync(join(root, scripts))
      .filter((f) => /\.m?js$/.test(f))
      .map((f) => readFileSync(join(root, scripts, f), 'utf8'))
      .join('\n')
    expect(code).toContain(`https://cdn.example/mwpack/5mw/bundle.zip?v=42${ssr}`)
    expect(code).toMatch(new RegExp(`https://cdn\\.example/assets/5mw\\.memo-[\\w-]+\\.md\\?v=42${ssr}`))
    expect(code).not.toContain('import.meta.url')
    expect(existsSync(join(root, 'out/mwpack/5mw/bundle.zip'))).toBe(true)
  })

  it('takes every artifact URL from the bundler, so renderBuiltUrl applies to bundle.zip as to any asset', async () => {
    const root = siteWithExample()
    await build({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [mwpack()],
      experimental: { renderBuiltUrl: (file) => `/${file}?v=42` },
      build: { outDir: 'out', emptyOutDir: true, lib: { entry: join(root, 'entry.js'), formats: ['es'], fileName: () => 'entry.mjs' } },
    })
    const built = await import(join(root, 'out/entry.mjs'))
    expect(built.memo.files).toEqual({
      memo: '/mwpack/5mw/memo.md?v=42',
      report: '/mwpack/5mw/cluster_report.json?v=42',
      manifest: '/mwpack/5mw/MANIFEST.json?v=42',
      bundle: '/mwpack/5mw/bundle.zip?v=42',
    })
    expect(existsSync(join(root, 'out/mwpack/5mw/bundle.zip'))).toBe(true)
  })
})
