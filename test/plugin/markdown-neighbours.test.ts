import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build, type PluginOption } from 'vite'
import { beforeAll, describe, expect, it } from 'vitest'
import mwpack from '../../dist/vite.js'
import { virtualMemoId } from '../../src/plugin/memo-id.js'
import { mwpack as cli } from '../helpers/cli.js'
import { hostPackage, importFromHost } from '../helpers/hosts.js'
import { filesUnder, siteWithExample } from '../helpers/sites.js'

type PluginFactory = (options?: Record<string, unknown>) => PluginOption
let neighbours: Record<string, () => PluginOption>

beforeAll(async () => {
  const host = hostPackage('vite-majors')
  const markdown = await importFromHost<{ default: PluginFactory; Mode: Record<string, string> }>(host, 'vite-plugin-markdown')
  const mdx = await importFromHost<{ default: PluginFactory }>(host, '@mdx-js/rollup')
  neighbours = {
    'vite-plugin-markdown': () => markdown.default({ mode: [markdown.Mode.HTML!, markdown.Mode.TOC!] }),
    '@mdx-js/rollup (which also compiles .md)': () => mdx.default(),
  }
})

/** Builds the basic site's every-form entry as a library, with `plugins` in the given order. */
async function buildWith(plugins: PluginOption[]) {
  const root = siteWithExample()
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    plugins,
    build: { outDir: 'out', emptyOutDir: true, minify: false, lib: { entry: join(root, 'entry.js'), formats: ['es'], fileName: () => 'entry.mjs' } },
  })
  return { root, built: await import(pathToFileURL(join(root, 'out/entry.mjs')).href) }
}

describe('mwpack beside other Markdown plugins', () => {
  for (const name of ['vite-plugin-markdown', '@mdx-js/rollup (which also compiles .md)']) {
    for (const order of ['before', 'after'] as const) {
      it(`answers every memo import with ${name} listed ${order} it`, async () => {
        const other = neighbours[name]!()
        const { root, built } = await buildWith(order === 'before' ? [other, mwpack()] : [mwpack(), other])
        expect(built.report.nodes).toBe(451)
        expect(built.memo.report).toEqual(built.report)
        expect(built.markdown).toBe(built.memo.markdown)
        expect(cli(['build', '5mw.memo.md', '--out', 'cli'], { cwd: root }).code).toBe(0)
        expect(filesUnder(join(root, 'out/mwpack/5mw'))).toEqual(filesUnder(join(root, 'cli')))
      })
    }
  }

  it('puts no absolute path of the build machine into an unminified bundle', async () => {
    const { root } = await buildWith([mwpack()])
    const code = readFileSync(join(root, 'out/entry.mjs'), 'utf8')
    expect(code).not.toContain(root)
    expect(code).not.toContain('file://')
  })
})

describe('generated module ids', () => {
  it.each(['5mw.memo.md', 'docs/5mw.memo.md', '../../outside/x.memo.md'])('never end in .md, with or without a query, for %s', (path) => {
    for (const kind of ['module', 'report', 'manifest', 'memo', 'html'] as const) {
      const id = virtualMemoId(path, kind)
      expect(id.startsWith('\0')).toBe(true)
      expect(id.split('?')[0]).not.toMatch(/\.(md|markdown)$/)
      expect(
        id
          .slice(1)
          .split('/')
          .filter((s) => s === '..'),
      ).toEqual([])
    }
  })
})
