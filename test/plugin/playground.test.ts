import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, mwpack } from '../helpers/cli.js'
import { tempDir } from '../helpers/tree.js'

describe('npm run demo', () => {
  it('builds the playground site and prints where the bundle is and its sha256, equal to the CLI bundle', () => {
    const result = spawnSync(process.execPath, ['scripts/demo.mjs'], { cwd: ROOT, encoding: 'utf8' })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    const bundle = 'playground/dist/mwpack/5mw/bundle.zip'
    const sha = createHash('sha256')
      .update(readFileSync(join(ROOT, bundle)))
      .digest('hex')
    expect(result.stdout).toContain(`bundle  ${bundle}\nsha256  ${sha}\n`)

    const out = tempDir()
    expect(mwpack(['build', 'playground/5mw.memo.md', '--out', join(out, '5mw')]).code).toBe(0)
    expect(
      createHash('sha256')
        .update(readFileSync(join(out, '5mw/bundle.zip')))
        .digest('hex'),
    ).toBe(sha)

    const page = readdirSync(join(ROOT, 'playground/dist/assets')).find((f) => f.endsWith('.js'))!
    expect(readFileSync(join(ROOT, 'playground/dist/assets', page), 'utf8')).toContain('/mwpack/5mw/')
  })
})
