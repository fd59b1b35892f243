import { cpSync, existsSync, readdirSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build, type InlineConfig, type Rollup } from 'vite'
import { describe, expect, it } from 'vitest'
import type { ClusterReport, Manifest, Memo } from '../../dist/index.js'
import mwpack from '../../dist/vite.js'
import type { MwpackApi } from '../../dist/plugin/unplugin.js'
import { inProcess } from '../helpers/in-process.js'
import { ARTIFACTS, filesUnder, siteWithExample } from '../helpers/sites.js'

interface Built {
  memo: Memo
  report: ClusterReport
  manifest: Manifest
  markdown: string
}

/** Builds `entry` of a site as an ES library (so the test can import it) and returns the output folder. */
async function viteBuild(
  root: string,
  entry = 'entry.js',
  plugin = mwpack(),
  extra: InlineConfig = {},
): Promise<{ out: string; warnings: string[]; warnedFiles: string[] }> {
  const warnings: string[] = []
  const warnedFiles: string[] = []
  const out = join(root, 'out')
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    plugins: [plugin],
    build: {
      outDir: out,
      emptyOutDir: true,
      lib: { entry: join(root, entry), formats: ['es'], fileName: () => 'entry.mjs' },
      rollupOptions: {
        onwarn: (w: Rollup.RollupLog) => {
          warnings.push(`${w.code}: ${w.message}`)
          warnedFiles.push(w.loc?.file ?? w.id ?? '')
        },
      },
    },
    ...extra,
  })
  return { out, warnings, warnedFiles }
}

const imported = async (out: string): Promise<Built> => import(pathToFileURL(join(out, 'entry.mjs')).href)

describe('vite build with mwpack', () => {
  it('emits the four artifacts once, byte for byte what mwpack build writes', async () => {
    const root = siteWithExample()
    const { out, warnings } = await viteBuild(root)
    expect((await inProcess(['build', '5mw.memo.md', '--out', 'cli'], { cwd: root })).code).toBe(0)
    const emitted = filesUnder(join(out, 'mwpack/5mw'))
    expect([...emitted.keys()]).toEqual(ARTIFACTS)
    const fromCli = filesUnder(join(root, 'cli'))
    for (const file of ARTIFACTS) expect(emitted.get(file), file).toEqual(fromCli.get(file))
    expect(warnings).toEqual([])
  })

  it('gives every import form its value', async () => {
    const root = siteWithExample()
    const { out } = await viteBuild(root)
    const built = await imported(out)
    expect(built.report).toMatchObject({ schema_version: 'mwpack.cluster_report/v2', nodes: 451, gpus_per_mw: 721.6 })
    expect(built.manifest).toMatchObject({ schema_version: 'mwpack.manifest/v1', name: '5mw' })
    expect(built.markdown).toMatch(/^# 5 MW/)
    expect(built.memo).toMatchObject({ name: '5mw', markdown: built.markdown, report: built.report, manifest: built.manifest })
    expect(built.memo.files).toEqual({
      memo: '/mwpack/5mw/memo.md',
      report: '/mwpack/5mw/cluster_report.json',
      manifest: '/mwpack/5mw/MANIFEST.json',
      bundle: '/mwpack/5mw/bundle.zip',
    })
    for (const url of Object.values(built.memo.files)) expect(existsSync(join(out, url!)), url!).toBe(true)
  })

  it('gives ?memo the resolved memo and ?html the page, the same bytes as mwpack render', async () => {
    const root = siteWithExample()
    writeFileSync(join(root, 'html.js'), "export { default as html } from './5mw.memo.md?html'\nexport { default as markdown } from './5mw.memo.md?memo'\n")
    const { out } = await viteBuild(root, 'html.js')
    const built = await import(pathToFileURL(join(out, 'entry.mjs')).href)
    expect((await inProcess(['render', '5mw.memo.md', '--out', 'cli'], { cwd: root })).code).toBe(0)
    expect(built.html).toBe(readFileSync(join(root, 'cli/memo.html'), 'utf8'))
    expect(built.markdown).toBe(readFileSync(join(root, 'cli/memo.md'), 'utf8'))
    expect(built.markdown).not.toContain('{{ nodes }}')
  })

  it("leaves Vite's ?raw, ?url and ?inline to Vite", async () => {
    const root = siteWithExample()
    // Vite inlines only known asset types; declaring .md one makes ?inline meaningful.
    const { out } = await viteBuild(root, 'vite-forms.js', mwpack(), { assetsInclude: ['**/*.md'] })
    const built = await import(pathToFileURL(join(out, 'entry.mjs')).href)
    const source = readFileSync(join(root, '5mw.memo.md'))
    expect(built.raw).toBe(source.toString('utf8'))
    // A library build inlines every asset, so ?url and ?inline are both the file as a data URL.
    for (const url of [built.url, built.inline]) expect(Buffer.from(url.replace(/^data:text\/markdown;base64,/, ''), 'base64')).toEqual(source)
  })

  it('reads a memo and its config once per build, whatever the number of its import forms', async () => {
    const root = siteWithExample()
    const opened: string[] = []
    const openSync = fs.openSync
    fs.openSync = ((...args: Parameters<typeof fs.openSync>) => {
      opened.push(String(args[0]))
      return openSync(...args)
    }) as typeof fs.openSync
    syncBuiltinESMExports()
    try {
      await viteBuild(root, 'entry.js', mwpack({ cache: false }))
    } finally {
      fs.openSync = openSync
      syncBuiltinESMExports()
    }
    const reads = (name: string) => opened.filter((file) => file.endsWith(name)).length
    expect([reads('5mw.memo.md'), reads('5mw.cluster.json')]).toEqual([1, 1])
  })

  it.each([true, false])(
    'emits the artifacts of the inputs its modules were made from when a config changes before generateBundle (cache %s)',
    async (cache) => {
      const root = siteWithExample()
      writeFileSync(join(root, 'only-report.js'), "import report from './5mw.memo.md?report'\nexport { report }\n")
      const config = join(root, '5mw.cluster.json')
      const original = readFileSync(config, 'utf8')
      const changesConfig = {
        name: 'changes-the-config',
        generateBundle: { order: 'pre' as const, handler: () => writeFileSync(config, original.replace('"it_cap_mw": 5,', '"it_cap_mw": 4,')) },
      }
      const { out } = await viteBuild(root, 'only-report.js', mwpack({ cache }), { plugins: [mwpack({ cache }), changesConfig] })
      const { report } = (await import(pathToFileURL(join(out, 'entry.mjs')).href)) as { report: ClusterReport }
      const emitted = JSON.parse(readFileSync(join(out, 'mwpack/5mw/cluster_report.json'), 'utf8')) as ClusterReport
      expect(emitted).toEqual(report)
      writeFileSync(config, original)
      expect((await inProcess(['build', '5mw.memo.md', '--out', 'cli'], { cwd: root })).code).toBe(0)
      expect(filesUnder(join(out, 'mwpack/5mw'))).toEqual(filesUnder(join(root, 'cli')))
    },
  )

  it('fails naming the memo, without a stack, when a memo read from the cache changes before its ?html page is made', async () => {
    const root = siteWithExample()
    writeFileSync(join(root, 'page.js'), "import html from './5mw.memo.md?html'\nexport { html }\n")
    await viteBuild(root, 'page.js')
    const memo = join(root, '5mw.memo.md')
    const changesTheMemo = {
      name: 'changes-the-memo',
      enforce: 'pre' as const,
      load: (id: string) => void (id.startsWith('\0mwpack:html') && writeFileSync(memo, `${readFileSync(memo, 'utf8')}\nOne more line.\n`)),
    }
    const failure = await viteBuild(root, 'page.js', mwpack(), { plugins: [changesTheMemo, mwpack()] }).then(
      () => undefined,
      (e: Error) => e,
    )
    expect(failure?.message).toContain('5mw.memo.md changed while this build was using it')
    expect(failure?.message).toContain('MWP_FILE_CHANGED')
    expect(failure?.message).not.toMatch(/\bat \w+|memo-store|unplugin\.js/)
  })

  it.each([
    ['one site build (VitePress, Astro) reads a memo once for its client and server builds', true, 451],
    ['separate builds of one plugin read the memo afresh', false, 360],
  ])('%s', async (_, oneSiteBuild, serverNodes) => {
    const root = siteWithExample()
    const plugin = mwpack()
    if (oneSiteBuild) (plugin.api as MwpackApi).oneSiteBuild()
    const client = await viteBuild(root, 'entry.js', plugin)
    expect((await imported(client.out)).report.nodes).toBe(451)
    // Between the client build and the server build, the config changes on disk.
    const config = join(root, '5mw.cluster.json')
    writeFileSync(config, readFileSync(config, 'utf8').replace('"it_cap_mw": 5,', '"it_cap_mw": 4,'))
    await viteBuild(root, 'entry.js', plugin, { build: { ssr: 'entry.js', outDir: join(root, 'server'), emptyOutDir: true } })
    const built = (await import(
      pathToFileURL(
        join(
          root,
          'server',
          readdirSync(join(root, 'server')).find((f) => /\.m?js$/.test(f))!,
        ),
      ).href
    )) as Built
    expect(built.report.nodes).toBe(serverNodes)
    expect(JSON.parse(readFileSync(join(root, 'server/mwpack/5mw/cluster_report.json'), 'utf8')).nodes).toBe(serverNodes)
  })

  it('writes the artifacts under the outDir option', async () => {
    const root = siteWithExample()
    const { out } = await viteBuild(root, 'entry.js', mwpack({ outDir: 'downloads/memos' }))
    expect([...filesUnder(join(out, 'downloads/memos/5mw')).keys()]).toEqual(ARTIFACTS)
  })

  it('builds the same bytes from a CRLF checkout', async () => {
    const lf = siteWithExample()
    const crlf = siteWithExample()
    for (const file of ['5mw.memo.md', '5mw.cluster.json']) {
      writeFileSync(join(crlf, file), readFileSync(join(crlf, file), 'utf8').replace(/\r?\n/g, '\r\n'))
    }
    const a = filesUnder(join((await viteBuild(lf)).out, 'mwpack'))
    const b = filesUnder(join((await viteBuild(crlf)).out, 'mwpack'))
    expect(b).toEqual(a)
  })

  it('names a memo reached through a symbolic link after the link, with the config beside the link, as mwpack build does', async () => {
    const root = siteWithExample()
    mkdirSync(join(root, 'real'))
    renameSync(join(root, '5mw.memo.md'), join(root, 'real/target.memo.md'))
    renameSync(join(root, '5mw.cluster.json'), join(root, 'linked.cluster.json'))
    symlinkSync(join(root, 'real/target.memo.md'), join(root, 'linked.memo.md'))
    writeFileSync(join(root, 'entry.js'), "export { default as memo } from './linked.memo.md'\n")
    const { out } = await viteBuild(root)
    expect((await inProcess(['build', 'linked.memo.md', '--out', 'cli'], { cwd: root })).code).toBe(0)
    expect(filesUnder(join(out, 'mwpack/linked'))).toEqual(filesUnder(join(root, 'cli')))
    expect((await imported(out)).memo.name).toBe('linked')
  })
})

describe('vite build failures', () => {
  it("fails with the CLI's message, its place given to the bundler once, and no stack or module id in the text", async () => {
    const root = siteWithExample()
    const config = join(root, '5mw.cluster.json')
    writeFileSync(config, readFileSync(config, 'utf8').replace('"leaf_uplink_ports": 32', '"leaf_uplink_ports": 40'))
    const failure = await viteBuild(root).then(
      () => undefined,
      (e: Error & { errors?: Array<{ loc?: unknown; meta?: unknown }> }) => e,
    )
    expect(failure).toBeDefined()
    expect(failure!.message).toContain(
      'error: fabric.leaf_host_ports + fabric.leaf_uplink_ports = 72 exceeds fabric.leaf.ports = 64; split the leaf ports between hosts and uplinks (INV-002) [MWP_CONFIG_LEAF_PORTS]',
    )
    expect(failure!.message).not.toContain('20:24')
    expect(failure!.message).not.toMatch(/\n\s+at /)
    expect(failure!.message).not.toContain('\0')
    const inner = failure!.errors?.[0] ?? failure!
    expect(inner).toMatchObject({ loc: { file: '5mw.cluster.json', line: 20, column: 23 }, meta: { mwpack: { code: 'MWP_CONFIG_LEAF_PORTS' } } })
  })

  it('fails a ?report import of a memo without a config, naming the files looked for', async () => {
    const root = siteWithExample()
    rmSync(join(root, '5mw.cluster.json'))
    writeFileSync(join(root, '5mw.memo.md'), '# A memo without numbers\n')
    await expect(viteBuild(root)).rejects.toThrow('5mw.memo.md has no cluster config, so it has no report: looked for 5mw.cluster.json and cluster.json')
  })

  it("names the plugin's config option, never a command-line flag, when a memo's numbers need a config", async () => {
    const root = siteWithExample()
    rmSync(join(root, '5mw.cluster.json'))
    const failure = await viteBuild(root).then(
      () => '',
      (e: Error) => e.message,
    )
    expect(failure).toContain(
      "but it has no cluster config to take numbers from; add NAME.cluster.json or cluster.json beside the memo, or name one with the plugin's `config` option",
    )
    expect(failure).not.toContain('--config')
    writeFileSync(join(root, '5mw.memo.md'), '# A memo without numbers\n')
    const report = await viteBuild(root).then(
      () => '',
      (e: Error) => e.message,
    )
    expect(report).toContain("add one of those files, or name one with the plugin's `config` option")
    expect(report).not.toContain('--config')
  })

  it.each([
    ['other/5mw.memo.md', /two memos are named "5mw": (5mw\.memo\.md and other\/5mw\.memo\.md|other\/5mw\.memo\.md and 5mw\.memo\.md)/],
    // One folder on the case-insensitive file systems of macOS and Windows.
    [
      'other/5MW.memo.md',
      /two memos are named "(5MW|5mw)" and "(5mw|5MW)", which differ only in case: .*; on a case-insensitive file system \(macOS, Windows\) their artifacts would share mwpack\/(5mw|5MW)\//,
    ],
  ])('fails when two memos share a name (%s), naming both', async (other, message) => {
    const root = siteWithExample()
    mkdirSync(join(root, 'other'))
    cpSync(join(root, '5mw.memo.md'), join(root, other))
    cpSync(join(root, '5mw.cluster.json'), join(root, 'other/cluster.json'))
    writeFileSync(join(root, 'two.js'), `import a from './5mw.memo.md'\nimport b from './${other}'\nexport { a, b }\n`)
    await expect(viteBuild(root, 'two.js')).rejects.toThrow(message)
  })

  it.each([
    [
      '?report&manifest',
      'it asks for ?report and ?manifest; a memo import takes one of ?report, ?manifest, ?memo, ?html, or no query (or ?mwpack) for the memo object',
    ],
    ['?inline&report', "?report and Vite's ?inline ask for two different things; import one or the other"],
    ['?module', 'the memo object is the import without a query'],
    ['?report=0', '?report takes no value'],
  ])('fails an import asking for %s with what is wrong, naming the importer', async (query, problem) => {
    const root = siteWithExample()
    writeFileSync(join(root, 'bad.js'), `export { default } from './5mw.memo.md${query}'\n`)
    await expect(viteBuild(root, 'bad.js')).rejects.toThrow(`bad.js: error: import "./5mw.memo.md${query}": ${problem}`)
  })

  it('stops at a bad option when the plugin is created, naming it', () => {
    expect(() => mwpack({ outDir: 42 } as never)).toThrow('mwpack({ outDir: 42 }): expected a relative folder path (a string) [MWP_ARG_INVALID]')
    expect(() => mwpack(null as never)).toThrow('mwpack(null): expected an options object')
  })

  it.each([
    [() => 5, "the plugin's `config` option returned 5 for 5mw.memo.md; return a config path (a non-empty string, relative to the project root) or undefined"],
    [
      () => {
        throw new Error('no config table')
      },
      "the plugin's `config` option threw for 5mw.memo.md: no config table",
    ],
  ])('fails a build whose config function returns or throws something else, naming the option', async (config, message) => {
    const root = siteWithExample()
    await expect(viteBuild(root, 'entry.js', mwpack({ config: config as never }))).rejects.toThrow(message)
  })

  it('builds memos that share a config, or copies of its bytes, each as mwpack build does, warning in each config file', async () => {
    const root = siteWithExample()
    const warned = readFileSync(join(root, '5mw.cluster.json'), 'utf8').replace('"it_cap_mw": 5,', '"it_cap_mw": 5,\n  "min_nodes": 500,')
    mkdirSync(join(root, 'copy'))
    writeFileSync(join(root, 'cluster.json'), warned)
    writeFileSync(join(root, 'copy/cluster.json'), warned)
    const memo = readFileSync(join(root, '5mw.memo.md'), 'utf8')
    writeFileSync(join(root, 'a.memo.md'), memo)
    writeFileSync(join(root, 'b.memo.md'), memo.replace('# 5 MW', '# 5 MW, the second'))
    writeFileSync(join(root, 'copy/c.memo.md'), memo)
    const imports = ['./a.memo.md', './b.memo.md', './copy/c.memo.md'].map((m, i) => `import r${i} from '${m}?report'`)
    writeFileSync(join(root, 'shared.js'), `${imports.join('\n')}\nexport const reports = [r0, r1, r2]\n`)
    const { out, warnings, warnedFiles } = await viteBuild(root, 'shared.js', mwpack({ strict: false }))
    for (const [memoFile, name] of [
      ['a.memo.md', 'a'],
      ['b.memo.md', 'b'],
      ['copy/c.memo.md', 'c'],
    ] as const) {
      expect((await inProcess(['build', memoFile, '--out', `cli-${name}`], { cwd: root })).code).toBe(0)
      const fromCli = filesUnder(join(root, `cli-${name}`))
      const emitted = filesUnder(join(out, `mwpack/${name}`))
      for (const file of ARTIFACTS) expect(emitted.get(file), `${name}/${file}`).toEqual(fromCli.get(file))
    }
    // Told once per config, not once per memo sharing it.
    expect(warnings.filter((w) => w.includes('MWP_BELOW_MIN_NODES'))).toHaveLength(2)
    const configOf = (file: string) => /(?:copy\/)?cluster\.json$/.exec(file.split('\\').join('/'))?.[0]
    expect(warnedFiles.map(configOf).sort()).toEqual(['cluster.json', 'copy/cluster.json'])
  })

  it('stops a build with mwpack added twice, saying to add it once', async () => {
    const root = siteWithExample()
    await expect(viteBuild(root, 'entry.js', mwpack(), { plugins: [mwpack(), mwpack({ outDir: 'other' })] })).rejects.toThrow(
      "mwpack is in the build's plugins 2 times; add it once",
    )
  })

  it('warns about a cluster below min_nodes, and fails on it when strict', async () => {
    const root = siteWithExample()
    const config = join(root, '5mw.cluster.json')
    writeFileSync(config, readFileSync(config, 'utf8').replace('"it_cap_mw": 5,', '"it_cap_mw": 5,\n  "min_nodes": 500,'))
    const { warnings } = await viteBuild(root, 'entry.js', mwpack({ strict: false }))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/451 nodes fit \(limited by power\), below min_nodes = 500 \[MWP_BELOW_MIN_NODES\]/)
    // Vite on Rolldown prints a warning's text without its loc: the text names the config's place, as the CLI does.
    const cli = await inProcess(['validate', '5mw.memo.md'], { cwd: root })
    const cliLine = cli.stderr.split('\n').find((line) => line.includes('MWP_BELOW_MIN_NODES'))
    expect(cliLine).toMatch(/^5mw\.cluster\.json:\d+:\d+: warning: /)
    expect(warnings[0]).toContain(cliLine)
    await expect(viteBuild(root, 'entry.js', mwpack({ strict: true }))).rejects.toThrow('error: 451 nodes fit')
  })
})
