import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/cli.js'
import { run } from '../helpers/framework-sites.js'
import { filesUnder } from '../helpers/sites.js'
import { tempDir } from '../helpers/tree.js'

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } })
const rootPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))

describe('the packed package, installed as a user installs it', () => {
  let tarball: string
  let files: string[]
  let project: string

  // One `npm pack` and one install into a fresh project, shared by the checks below.
  beforeAll(async () => {
    const packs = tempDir('mwpack-pack-')
    const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', packs], ROOT)) as { filename: string; files: { path: string }[] }[]
    tarball = join(packs, packed!.filename)
    files = packed!.files.map((f) => f.path)
    project = tempDir('mwpack-user-')
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'a-docs-site', private: true, type: 'module' }))
    // The README's install line, with the tarball in place of the registry's copy.
    npm(
      [
        'install',
        '-D',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        tarball,
        `vite@${rootPackage.devDependencies.vite.replace(/^[~^]/, '')}`,
      ],
      project,
    )
  }, 180_000)

  it('ships every file the README links to, and the framework entries', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const links = [...readme.matchAll(/\]\(([^)#:\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!)
    expect(links).toEqual(expect.arrayContaining(['docs/memo_template.md', 'playground/5mw.cluster.json', 'schemas/cluster.schema.json', 'fixtures/examples']))
    for (const link of links)
      expect(
        files.some((f) => f === link || f.startsWith(`${link}/`)),
        link,
      ).toBe(true)
    for (const entry of ['dist/vite.js', 'dist/rollup.js', 'dist/rolldown.js', 'dist/astro.js', 'dist/vitepress.js', 'dist/client.d.ts', 'dist/mwpack.cjs']) {
      expect(files, entry).toContain(entry)
    }
  })

  it('runs mwpack init, builds the starter with the CLI, and builds it in a Vite site with the same bytes', async () => {
    const bin = join(project, 'node_modules/.bin/mwpack')
    await run(bin, ['init', 'docs'], project)
    await run(bin, ['build', 'docs/sizing.memo.md', '--out', 'cli'], project)
    // The README's Vite lines, and a page that imports the memo.
    writeFileSync(
      join(project, 'vite.config.js'),
      "import { defineConfig } from 'vite'\nimport mwpack from 'mwpack/vite'\n\nexport default defineConfig({ plugins: [mwpack()] })\n",
    )
    mkdirSync(join(project, 'src'))
    writeFileSync(join(project, 'index.html'), '<!doctype html><p id="nodes"></p><script type="module" src="/src/main.js"></script>\n')
    writeFileSync(
      join(project, 'src/main.js'),
      "import report from '../docs/sizing.memo.md?report'\nimport memo from '../docs/sizing.memo.md'\ndocument.getElementById('nodes').textContent = `${report.nodes} nodes, ${memo.files.bundle}`\n",
    )
    await run(join(project, 'node_modules/.bin/vite'), ['build'], project)
    expect(filesUnder(join(project, 'dist/mwpack/sizing'))).toEqual(filesUnder(join(project, 'cli')))
  })
})
