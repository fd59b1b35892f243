import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT } from './cli.js'
import { NODE24 } from './required-tools.js'

/**
 * A Node for frameworks that need Node 22.12 or later (Astro): the Node 24 that
 * `npm test` installs first (scripts/install-test-sites.mjs), else this Node
 * when it is recent enough. Throws, naming the step that installs it, when
 * there is neither.
 */
export function modernNode(): string {
  if (existsSync(NODE24)) return NODE24
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number)
  if (major > 22 || (major === 22 && minor >= 12)) return process.execPath
  throw new Error('Astro needs Node 22.12 or later and .cache/node24 holds none: run `node scripts/install-test-sites.mjs` (`npm test` runs it first)')
}

/**
 * A framework test site's package folder (fixtures/hosts/NAME), its lockfile
 * installed by `npm ci` (`npm test` does it first), with node_modules/mwpack linked to
 * this package, as a user's project has it after `npm install mwpack`.
 */
export function hostPackage(name: string): string {
  const dir = join(ROOT, 'fixtures/hosts', name)
  if (!existsSync(join(dir, 'node_modules'))) {
    throw new Error(
      `fixtures/hosts/${name} has no node_modules: run \`npm test\` (it installs the test sites first) or \`node scripts/install-test-sites.mjs\``,
    )
  }
  const link = join(dir, 'node_modules/mwpack')
  const linked = existsSync(link) || isLink(link) ? isLink(link) && readlinkSync(link) === ROOT : false
  if (!linked) {
    mkdirSync(join(dir, 'node_modules'), { recursive: true })
    rmSync(link, { recursive: true, force: true })
    symlinkSync(ROOT, link, 'dir')
  }
  return dir
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink()
  } catch {
    return false
  }
}

/** Imports a package as the host site would resolve it (its own node_modules). */
export async function importFromHost<T = Record<string, unknown>>(host: string, specifier: string): Promise<T> {
  const resolved = createRequire(join(host, 'package.json')).resolve(specifier)
  return import(pathToFileURL(resolved).href) as Promise<T>
}
