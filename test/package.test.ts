import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as api from '../src/index.js'
import { ROOT } from './helpers/cli.js'

const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8'))

describe('the package', () => {
  it('records the package.json version in every manifest', () => {
    expect(api.TOOL).toEqual({ name: 'mwpack', version: pkg.version })
  })

  it('is ESM-only, needs Node 20.19 or later, and ships a bin', () => {
    expect(pkg.type).toBe('module')
    expect(pkg.engines.node).toBe('>=20.19')
    expect(pkg.bin.mwpack).toBe('./dist/mwpack.cjs')
    expect(readFileSync(`${ROOT}/dist/mwpack.cjs`, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true)
  })

  it('exports the core pipeline from its main entry', async () => {
    const built = await import(`${ROOT}/dist/index.js`)
    for (const name of ['prepareMemo', 'assembleArtifacts', 'normalizeMemo', 'validateClusterConfig', 'sizeCluster', 'zipBundle', 'verifyMembers']) {
      expect(typeof built[name], name).toBe('function')
    }
  })
})
