import { cpSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { build, type PluginOption } from 'vite'
import { ROOT } from './cli.js'
import { tempDir } from './tree.js'

/**
 * A temporary copy of a fixture site with a small memo and the reference 5 MW
 * config beside its entry (fixtures, not the playground, so positions in
 * error messages stay put when the flagship memo is edited).
 */
export function siteWithExample(fixture = 'basic'): string {
  const dir = tempDir('mwpack-site-')
  cpSync(`${ROOT}/fixtures/sites/${fixture}`, dir, { recursive: true })
  cpSync(`${ROOT}/fixtures/memos/simple-5mw.memo.md`, join(dir, '5mw.memo.md'))
  cpSync(`${ROOT}/fixtures/reference/h100-5mw-64port.cluster.json`, join(dir, '5mw.cluster.json'))
  return dir
}

/** Every file under `dir` with its bytes, keyed by forward-slash relative path. */
export function filesUnder(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name)
      if (statSync(full).isDirectory()) walk(full)
      else out.set(relative(dir, full).split('\\').join('/'), readFileSync(full))
    }
  }
  walk(dir)
  return out
}

export const ARTIFACTS = ['MANIFEST.json', 'bundle.zip', 'cluster_report.json', 'memo.md']

/**
 * A plugin made with `dir` as the working folder: a Rollup or Rolldown build
 * keeps its cache under the working folder (`node_modules/.cache/mwpack`), so
 * a test's cache goes to its own temporary site, never the repository's.
 */
export function madeIn<T>(dir: string, make: () => T): T {
  const previous = process.cwd()
  process.chdir(dir)
  try {
    return make()
  } finally {
    process.chdir(previous)
  }
}

/** Builds `root/entry.js` as an ES library into `root/out` (no config file, no log) and returns every output file with its bytes. */
export async function viteLibraryBuild(root: string, plugins: PluginOption[], out = 'out'): Promise<Map<string, Buffer>> {
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    plugins,
    build: { outDir: join(root, out), emptyOutDir: true, lib: { entry: join(root, 'entry.js'), formats: ['es'], fileName: () => 'entry.mjs' } },
  })
  return filesUnder(join(root, out))
}
