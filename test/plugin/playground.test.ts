import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, mwpack } from '../helpers/cli.js'
import { tempDir } from '../helpers/tree.js'

/**
 * Stderr without Rolldown's PLUGIN_TIMINGS hint, a block that ends in a blank line. Vite 8 prints it
 * when plugin callbacks take most of a build's wall time, which a loaded machine decides, not mwpack;
 * anything else on stderr still fails the test.
 */
function withoutTimingHint(stderr: string): string {
  return stderr.replace(/^.*\[PLUGIN_TIMINGS\][\s\S]*?\n(?:[ \t]*\n)+/gm, '')
}

describe('npm run demo', () => {
  it('builds the playground site and prints, for each memo, where the bundle is, its sha256 (equal to the CLI bundle) and the sizing', () => {
    const result = spawnSync(process.execPath, ['scripts/demo.mjs'], { cwd: ROOT, encoding: 'utf8' })
    expect(withoutTimingHint(result.stderr)).toBe('')
    expect(result.status).toBe(0)
    const out = tempDir()
    for (const name of ['5mw', 'gb200']) {
      const bundle = `playground/dist/mwpack/${name}/bundle.zip`
      const sha = createHash('sha256')
        .update(readFileSync(join(ROOT, bundle)))
        .digest('hex')
      const report = JSON.parse(readFileSync(join(ROOT, `playground/dist/mwpack/${name}/cluster_report.json`), 'utf8'))
      expect(result.stdout).toContain(
        `bundle  ${bundle}\nsha256  ${sha}\nsizing  ${report.nodes} nodes in ${report.racks} racks, ${report.gpus} GPUs (${report.gpus_per_mw.toFixed(1)} per MW of IT), ${report.tiers} tiers, limited by ${report.limited_by}\n`,
      )
      expect(mwpack(['build', `playground/${name}.memo.md`, '--out', join(out, name)]).code).toBe(0)
      expect(
        createHash('sha256')
          .update(readFileSync(join(out, `${name}/bundle.zip`)))
          .digest('hex'),
      ).toBe(sha)
    }

    const page = readdirSync(join(ROOT, 'playground/dist/assets')).find((f) => f.endsWith('.js'))!
    expect(readFileSync(join(ROOT, 'playground/dist/assets', page), 'utf8')).toContain('/mwpack/5mw/')
  })
})
