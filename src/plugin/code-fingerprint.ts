// What makes a memo's bytes besides its inputs: mwpack's code, its installed dependencies and Node, as one string for cache keys.
import * as fs from 'node:fs'
import { createRequire } from 'node:module'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sha256Hex } from '../manifest/sha256.js'
import { TOOL } from '../version.js'

/** The folder of mwpack's code: dist/ when installed, src/ when its own tests run from source. */
const CODE_ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const fingerprints = new Map<string, string>()

/**
 * What makes a memo's bytes besides its inputs, read once per process for
 * mwpack's own code: mwpack's version and a hash of its code files under
 * `codeRoot` (every `.js`, `.mjs` and `.ts`, types left out), the name and
 * version of each of its installed dependencies (yazl writes the zip,
 * markdown-it and commonmark decide normalization, yaml reads front matter),
 * and the Node version. A new release, a local build of mwpack that changed
 * what a memo becomes without a version bump, a dependency updated within
 * its range, and another Node each get keys of their own.
 *
 * Throws when a file cannot be read: the caller turns the cache off.
 */
export function codeFingerprint(codeRoot: string = CODE_ROOT): string {
  const known = fingerprints.get(codeRoot)
  if (known !== undefined) return known
  const files = (fs.readdirSync(codeRoot, { recursive: true }) as string[]).filter((f) => /\.(?:js|mjs|ts)$/.test(f) && !f.endsWith('.d.ts')).sort()
  const hash = files.map((f) => `${f.split(path.sep).join('/')} ${sha256Hex(fs.readFileSync(path.join(codeRoot, f)))}`).join('\n')
  const fingerprint = [`${TOOL.name}@${TOOL.version} ${sha256Hex(hash)}`, ...dependencyVersions(codeRoot), `node@${process.version}`].join(' ')
  if (codeRoot === CODE_ROOT) fingerprints.set(codeRoot, fingerprint)
  return fingerprint
}

/**
 * `name@version` of each dependency in the package.json beside `codeRoot`,
 * as installed where mwpack's code resolves it: the package.json found by
 * walking up from the module Node resolves (a package's `exports` may hide
 * its package.json from `require.resolve`).
 */
function dependencyVersions(codeRoot: string): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(codeRoot, '..', 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }
  const require = createRequire(path.join(codeRoot, 'index.js'))
  return Object.keys(manifest.dependencies ?? {})
    .sort()
    .map((name) => {
      for (let dir = path.dirname(require.resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
        const file = path.join(dir, 'package.json')
        if (!fs.existsSync(file)) continue
        const found = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string }
        if (found.name === name) return `${name}@${found.version}`
      }
      throw new Error(`no package.json found for the dependency ${name}`)
    })
}
