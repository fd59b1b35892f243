import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import mwpack from '../../dist/vite.js'
import { checkBundlerVersion, checkViteVersion } from '../../src/plugin/host-versions.js'
import { mwpack as cli } from '../helpers/cli.js'
import { hostPackage, importFromHost } from '../helpers/hosts.js'
import { filesUnder, siteWithExample } from '../helpers/sites.js'

type Build = (config: Record<string, unknown>) => Promise<unknown>
const builds: Record<string, Build> = {}

beforeAll(async () => {
  const host = hostPackage('vite-majors')
  for (const major of ['vite5', 'vite6', 'vite7']) builds[major] = (await importFromHost<{ build: Build }>(host, major)).build
})

// Vite 8 is the version the rest of the suite builds with; these are the older majors the peer range names.
describe.each(['vite5', 'vite6', 'vite7'])('%s with mwpack', (major) => {
  it("builds an app whose page script has the report and renderBuiltUrl's link to bundle.zip, with the CLI artifacts beside it", async () => {
    const root = siteWithExample()
    writeFileSync(
      join(root, 'index.html'),
      readFileSync(join(root, 'index.html'), 'utf8').replace(
        "import report from './5mw.memo.md?report'",
        "import report from './5mw.memo.md?report'\n      import memo from './5mw.memo.md'\n      window.bundle = memo.files.bundle",
      ),
    )
    await builds[major]!({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [mwpack()],
      experimental: { renderBuiltUrl: (file: string) => `https://cdn.example/${file}?v=42` },
      build: { outDir: 'out', emptyOutDir: true },
    })
    expect(cli(['build', '5mw.memo.md', '--out', 'cli'], { cwd: root }).code).toBe(0)
    expect(filesUnder(join(root, 'out/mwpack/5mw'))).toEqual(filesUnder(join(root, 'cli')))
    const script = readFileSync(
      join(
        root,
        'out/assets',
        readdirSync(join(root, 'out/assets')).find((f) => f.endsWith('.js'))!,
      ),
      'utf8',
    )
    expect(script).toContain('"nodes":451')
    expect(script).toContain('https://cdn.example/mwpack/5mw/bundle.zip?v=42')
  })

  it("names a warning's config once, as Rollup prints its place", async () => {
    const root = siteWithExample()
    const config = join(root, '5mw.cluster.json')
    writeFileSync(config, readFileSync(config, 'utf8').replace('"it_cap_mw": 5,', '"it_cap_mw": 5,\n  "min_nodes": 500,'))
    const warnings: string[] = []
    await builds[major]!({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [mwpack({ strict: false })],
      build: { outDir: 'out', emptyOutDir: true, rollupOptions: { onwarn: (w: { message: string }) => void warnings.push(w.message) } },
    })
    const warning = warnings.find((w) => w.includes('MWP_BELOW_MIN_NODES'))
    expect(warning?.match(/5mw\.cluster\.json/g)).toHaveLength(1)
  })

  it('gives a server-only build the artifacts and plain URLs', async () => {
    const root = siteWithExample()
    await builds[major]!({ root, configFile: false, logLevel: 'silent', plugins: [mwpack()], build: { ssr: 'entry.js', outDir: 'server', emptyOutDir: true } })
    expect([...filesUnder(join(root, 'server/mwpack/5mw')).keys()]).toContain('bundle.zip')
    const server = readdirSync(join(root, 'server')).find((f) => /\.m?js$/.test(f))!
    const code = readFileSync(join(root, 'server', server), 'utf8')
    expect(code).toContain('"/mwpack/5mw/bundle.zip"')
    expect(code).not.toContain('file:')
  })
})

describe('an unsupported Vite', () => {
  it('stops a Vite older than 5.1 with the supported range and what to do', () => {
    expect(() => checkViteVersion({ command: 'build', mode: 'production', ssrBuild: false }, undefined)).toThrow(
      /mwpack supports Vite 5\.4 to 8\.x .* this project uses a Vite older than 5\.1\. Install a supported Vite/,
    )
  })

  it('stops a Vite major newer than the tested ones, naming its version', () => {
    expect(() => checkViteVersion({ isSsrBuild: false }, '9.0.0')).toThrow(/this project uses Vite 9\.0\.0/)
  })

  it.each([
    [{ isSsrBuild: false }, undefined],
    [{ isSsrBuild: false }, '7.3.8'],
    [{ isSsrBuild: false }, '8.4.0'],
  ])('accepts %j with version %s', (env, version) => {
    expect(() => checkViteVersion(env, version)).not.toThrow()
  })
})

describe('an unsupported Rollup', () => {
  it('stops Rollup 3 with the supported version', () => {
    expect(() => checkBundlerVersion({ rollupVersion: '3.29.4' })).toThrow(
      'mwpack supports Rollup 4 (the version its tests build with); this build uses Rollup 3.29.4.',
    )
  })

  it('lets Rollup 4, Rolldown and Vite through', () => {
    for (const meta of [{ rollupVersion: '4.67.4' }, { rolldownVersion: '1.2.19' }, { viteVersion: '8.3.8', rollupVersion: '4.0.0' }, undefined]) {
      expect(() => checkBundlerVersion(meta)).not.toThrow()
    }
  })
})
