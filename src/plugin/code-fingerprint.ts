// What makes a memo's bytes besides its inputs: mwpack's code, its installed dependencies and Node, as one string for cache keys.
import * as fs from 'node:fs'
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
 * version of every package it loads as installed, its dependencies' own
 * included (yazl writes the zip, markdown-it and commonmark decide
 * normalization, yaml reads front matter), and the Node version. A new
 * release, a local build of mwpack that changed what a memo becomes without a
 * version bump, a dependency updated within its range at any depth, and
 * another Node each get keys of their own. A package edited in place without
 * a version change (patch-package) is not seen: versions, not files, are read.
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
 * `name@version` of every package mwpack's code can load: its dependencies
 * and theirs, all the way down (yazl's CRC-32 comes from buffer-crc32,
 * markdown-it's links from linkify-it), each found as Node finds a package:
 * in the nearest `node_modules` up from the folder of the package that
 * depends on it, through links to the real folder (as pnpm lays them out).
 * Sorted, each once. Throws when a dependency is not installed.
 */
function dependencyVersions(codeRoot: string): string[] {
  const versions = new Map<string, string>()
  const visit = (fromDir: string, names: readonly string[]) => {
    for (const name of names) {
      const dir = installedPackage(fromDir, name)
      if (versions.has(dir)) continue
      const manifest = readManifest(dir)
      versions.set(dir, `${name}@${manifest.version}`)
      visit(dir, Object.keys(manifest.dependencies ?? {}))
    }
  }
  const root = path.join(codeRoot, '..')
  visit(root, Object.keys(readManifest(root).dependencies ?? {}))
  return [...new Set(versions.values())].sort()
}

function readManifest(dir: string): { version?: string; dependencies?: Record<string, string> } {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: string; dependencies?: Record<string, string> }
}

/** The real folder of the package `name` as Node would find it from `fromDir`. */
function installedPackage(fromDir: string, name: string): string {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name)
    if (fs.existsSync(path.join(candidate, 'package.json'))) return fs.realpathSync(candidate)
    if (dir === path.dirname(dir)) throw new Error(`the dependency ${name} is not installed`)
  }
}
