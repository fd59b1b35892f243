import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { rolldown } from 'rolldown'
import { rollup, type RollupLog } from 'rollup'
import { describe, expect, it } from 'vitest'
import mwpackRolldown from '../../dist/rolldown.js'
import mwpackRollup from '../../dist/rollup.js'
import { mwpack as cli } from '../helpers/cli.js'
import { ARTIFACTS, filesUnder, madeIn, siteWithExample } from '../helpers/sites.js'

describe.each([
  [
    'rollup',
    async (root: string, warnings: string[]) => {
      const bundle = await rollup({
        input: join(root, 'entry.js'),
        plugins: [madeIn(root, () => mwpackRollup())],
        onwarn: (w: RollupLog) => void warnings.push(`${w.code}: ${w.message}`),
      })
      await bundle.write({ dir: join(root, 'out'), format: 'es', entryFileNames: 'entry.mjs' })
      await bundle.close()
    },
  ],
  [
    'rolldown',
    async (root: string, warnings: string[]) => {
      const bundle = await rolldown({
        input: join(root, 'entry.js'),
        plugins: [madeIn(root, () => mwpackRolldown())],
        onLog: (_level, log) => void warnings.push(`${log.code}: ${log.message}`),
      })
      await bundle.write({ dir: join(root, 'out'), format: 'es', entryFileNames: 'entry.mjs' })
      await bundle.close()
    },
  ],
])('%s with mwpack', (_, bundleSite) => {
  it('resolves every query import and emits the same artifacts as the CLI, without warnings', async () => {
    const root = siteWithExample()
    const warnings: string[] = []
    await bundleSite(root, warnings)
    expect(warnings).toEqual([])
    expect(cli(['build', '5mw.memo.md', '--out', 'cli'], { cwd: root }).code).toBe(0)
    const emitted = filesUnder(join(root, 'out/mwpack/5mw'))
    expect([...emitted.keys()]).toEqual(ARTIFACTS)
    expect(emitted).toEqual(filesUnder(join(root, 'cli')))

    const built = await import(pathToFileURL(join(root, 'out/entry.mjs')).href)
    expect(built.report.nodes).toBe(451)
    expect(built.memo.files.bundle).toBe(pathToFileURL(join(root, 'out/mwpack/5mw/bundle.zip')).href)
    expect(built.markdown).toBe(built.memo.markdown)
  })
})

describe.each([
  ['rollup', async (input: string) => rollup({ input, plugins: [madeIn(dirname(input), () => mwpackRollup())] })],
  ['rolldown', async (input: string) => rolldown({ input, plugins: [madeIn(dirname(input), () => mwpackRolldown())] })],
])('%s writing one build twice', (_, open) => {
  it('gives the ES and the CommonJS output each the whole artifact folder, the CLI bytes', async () => {
    const root = siteWithExample()
    const bundle = await open(join(root, 'entry.js'))
    await bundle.write({ dir: join(root, 'es'), format: 'es' })
    await bundle.write({ dir: join(root, 'cjs'), format: 'cjs' })
    await bundle.close()
    expect(cli(['build', '5mw.memo.md', '--out', 'cli'], { cwd: root }).code).toBe(0)
    const expected = filesUnder(join(root, 'cli'))
    expect(filesUnder(join(root, 'es/mwpack/5mw'))).toEqual(expected)
    expect(filesUnder(join(root, 'cjs/mwpack/5mw'))).toEqual(expected)
  })
})

describe.each([
  ['rollup', async (input: string) => (await rollup({ input, plugins: [mwpackRollup()] })).generate({ format: 'es' }).then(() => undefined)],
  ['rolldown', async (input: string) => (await rolldown({ input, plugins: [mwpackRolldown()] })).generate({ format: 'es' }).then(() => undefined)],
])('%s failing on a broken memo outside the project folder', (_, bundleOnce) => {
  it('prints the place once, relative, with no module id, NUL or stack in the message', async () => {
    const site = siteWithExample()
    const root = join(site, 'app')
    mkdirSync(root)
    const config = join(site, '5mw.cluster.json')
    writeFileSync(config, readFileSync(config, 'utf8').replace('"leaf_uplink_ports": 32', '"leaf_uplink_ports": 40'))
    writeFileSync(join(root, 'entry.js'), "export { default } from '../5mw.memo.md?report'\n")
    const cwd = process.cwd()
    process.chdir(root)
    const failure = await bundleOnce(join(root, 'entry.js')).then(
      () => undefined,
      (e: Error) => e,
    )
    process.chdir(cwd)
    expect(failure).toBeDefined()
    const text = failure!.message
    expect(text).toContain('error: fabric.leaf_host_ports + fabric.leaf_uplink_ports = 72 exceeds fabric.leaf.ports = 64')
    expect(text).not.toContain('\0')
    expect(text).not.toContain('Could not load')
    expect(text).not.toMatch(/\n\s+at /)
    // The bundler prints the place from loc, its own way; the text does not add a second one.
    expect(text).not.toContain(':20:24')
    expect(text).not.toContain(site)
  })
})

describe.each([
  ['rollup', async (input: string) => (await rollup({ input, plugins: [mwpackRollup(), mwpackRollup({ outDir: 'other' })] })).generate({ format: 'es' })],
  [
    'rolldown',
    async (input: string) => (await rolldown({ input, plugins: [mwpackRolldown(), mwpackRolldown({ outDir: 'other' })] })).generate({ format: 'es' }),
  ],
])('%s with mwpack added twice', (_, bundleOnce) => {
  it('stops before any memo is read, saying to add it once', async () => {
    const root = siteWithExample()
    const failure = await bundleOnce(join(root, 'entry.js')).then(
      () => undefined,
      (e: Error) => e,
    )
    expect(failure?.message).toContain("mwpack is in the build's plugins 2 times; add it once")
    expect(failure?.message).not.toMatch(/\n\s+at /)
  })
})
