import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script, typed by its JSDoc
import { needsInstall } from '../../scripts/install-test-sites.mjs'
import { tempDir } from '../helpers/tree.js'

/** A test site as fixtures/hosts/NAME holds it: a lockfile with one required and one optional (other-platform) package. */
function site(): string {
  const dir = tempDir('mwpack-host-')
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "devDependencies": { "a": "1.0.0" } }\n')
  const lock = {
    lockfileVersion: 3,
    packages: { '': {}, 'node_modules/a': { version: '1.0.0' }, 'node_modules/@x/darwin-arm64': { version: '2.0.0', optional: true } },
  }
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock))
  return dir
}

/** node_modules as npm ci leaves it: npm's own record of the tree (.package-lock.json). */
function installed(dir: string, packages: Record<string, { version: string }>): void {
  mkdirSync(join(dir, 'node_modules'), { recursive: true })
  writeFileSync(join(dir, 'node_modules/.package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages }))
}

describe('npm test installs a framework test site only when its install is missing or stale', () => {
  it('installs a site that has no node_modules', () => {
    expect(needsInstall(site())).toBe(true)
  })

  it('takes a tree npm installed from the same lockfile as it is, and remembers so', () => {
    const dir = site()
    installed(dir, { 'node_modules/a': { version: '1.0.0' } })
    expect(needsInstall(dir)).toBe(false)
    expect(needsInstall(dir)).toBe(false)
  })

  it('installs again when the lockfile changes after the install', () => {
    const dir = site()
    installed(dir, { 'node_modules/a': { version: '1.0.0' } })
    expect(needsInstall(dir)).toBe(false)
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/a': { version: '1.0.1' } } }))
    expect(needsInstall(dir)).toBe(true)
  })

  it('installs again a tree with another version, a missing package or one the lockfile does not name', () => {
    const trees: Array<Record<string, { version: string }>> = [
      { 'node_modules/a': { version: '0.9.0' } },
      {},
      { 'node_modules/a': { version: '1.0.0' }, 'node_modules/stray': { version: '1.0.0' } },
    ]
    for (const packages of trees) {
      const dir = site()
      installed(dir, packages)
      expect(needsInstall(dir), JSON.stringify(packages)).toBe(true)
    }
  })
})
