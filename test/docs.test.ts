import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script, typed by its JSDoc
import { currentTree, header, renderTree } from '../scripts/architecture-tree.mjs'
import { ROOT } from './helpers/cli.js'

describe('the documentation', () => {
  it('lists every source file in docs/architecture.md with its current size (run `npm run docs`)', () => {
    process.chdir(ROOT)
    expect(currentTree()).toBe(renderTree())
  })

  it('gives every source file a one-line header saying what it does', () => {
    const rows = (renderTree() as string).split('\n').filter((line) => line.startsWith('| `'))
    expect(rows.length).toBeGreaterThan(40)
    for (const row of rows) expect(row, row).not.toMatch(/\| \d+ \|\s*\|$/)
    expect(header('#!/usr/bin/env node\n// Runs things.\n')).toBe('Runs things.')
  })

  it('puts the two fresh-machine commands in the README, and .ci/run runs the same test command', () => {
    const readme = readFileSync(`${ROOT}/README.md`, 'utf8')
    expect(readme).toContain('npm ci && npm run demo')
    expect(readme).toContain('npm test')
    expect(readFileSync(`${ROOT}/.ci/run`, 'utf8')).toMatch(/^npm test$/m)
  })
})
