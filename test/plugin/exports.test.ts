import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { consumerProject } from '../helpers/consumer.js'

/** Runs a script inside a consumer project and returns what it printed as JSON. */
function runIn(dir: string, file: string, code: string): unknown {
  writeFileSync(join(dir, file), code)
  const result = spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8' })
  expect(result.stderr).toBe('')
  return JSON.parse(result.stdout)
}

describe('the package entry points', () => {
  const dir = consumerProject()

  it.each(['vite', 'rollup', 'rolldown'])('mwpack/%s exports the plugin as default and as module.exports, and nothing else', (bundler) => {
    const exports = runIn(
      dir,
      `esm-${bundler}.mjs`,
      `const m = await import('mwpack/${bundler}')
       const plugin = m.default()
       console.log(JSON.stringify({ keys: Object.keys(m).sort(), same: m.default === m['module.exports'], name: plugin.name }))`,
    )
    expect(exports).toEqual({ keys: ['default', 'module.exports'], same: true, name: 'mwpack' })
  })

  it.each(['vite', 'rollup', 'rolldown'])('require("mwpack/%s") returns the plugin function', (bundler) => {
    const required = runIn(dir, `cjs-${bundler}.cjs`, `const mwpack = require('mwpack/${bundler}'); console.log(JSON.stringify(typeof mwpack))`)
    expect(required).toBe('function')
  })

  it('exports the core API from mwpack, and types only from mwpack/client', () => {
    const main = runIn(dir, 'main.mjs', `const m = await import('mwpack'); console.log(JSON.stringify(Object.keys(m).sort()))`) as string[]
    expect(main).toEqual(
      expect.arrayContaining(['prepareMemo', 'assembleArtifacts', 'normalizeMemo', 'sizeCluster', 'validateClusterConfig', 'verifyMembers', 'zipBundle']),
    )
    const client = runIn(dir, 'client.mjs', `try { await import('mwpack/client'); console.log('"loaded"') } catch (e) { console.log(JSON.stringify(e.code)) }`)
    expect(client).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED')
  })

  it('mwpack/astro gives an Astro integration that adds the Vite plugin, and withoutMemos', () => {
    const astro = runIn(
      dir,
      'astro.mjs',
      `const m = await import('mwpack/astro')
       const integration = m.default()
       const added = {}
       for (const command of ['build', 'dev']) {
         m.default().hooks['astro:config:setup']({ command, config: { base: '/docs', root: new URL('file:///site/') }, updateConfig: (c) => (added[command] = c.vite.plugins.map((p) => p.name)) })
       }
       console.log(JSON.stringify({ keys: Object.keys(m).sort(), name: integration.name, hooks: Object.keys(integration.hooks).sort(), added }))`,
    )
    expect(astro).toEqual({
      keys: ['default', 'withoutMemos'],
      name: 'mwpack',
      hooks: ['astro:build:done', 'astro:config:setup', 'astro:routes:resolved'],
      // In dev a guard before the plugin answers a memo page's own request with mwpack's message.
      added: { build: ['mwpack'], dev: ['mwpack:memo-pages', 'mwpack'] },
    })
  })

  it("mwpack/vitepress's withMwpack keeps the user's config and adds the plugin, the page exclusion and buildEnd", () => {
    const vitepress = runIn(
      dir,
      'vitepress.mjs',
      `const { withMwpack } = await import('mwpack/vitepress')
       let userBuildEnd = 0
       const config = withMwpack({ title: 'T', srcExclude: ['drafts/**'], vite: { plugins: [{ name: 'other' }], base: '/x/' }, buildEnd: () => { userBuildEnd++ } })
       await config.buildEnd({ outDir: process.cwd() + '/out' })
       console.log(JSON.stringify({ title: config.title, srcExclude: config.srcExclude, plugins: config.vite.plugins.map((p) => p.name), base: config.vite.base, userBuildEnd }))`,
    )
    expect(vitepress).toEqual({ title: 'T', srcExclude: ['drafts/**', '**/*.memo.md'], plugins: ['other', 'mwpack'], base: '/x/', userBuildEnd: 1 })
  })
})
