import { mkdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './cli.js'
import { tempDir } from './tree.js'

/**
 * A project that depends on mwpack the way users' projects do: through
 * node_modules/mwpack (a link to this package) and its package.json exports.
 */
export function consumerProject(): string {
  const dir = tempDir('mwpack-consumer-')
  mkdirSync(join(dir, 'node_modules'))
  symlinkSync(ROOT, join(dir, 'node_modules/mwpack'), 'dir')
  for (const dep of ['vite', 'rollup', 'rolldown', 'typescript', 'unplugin', 'valibot']) {
    symlinkSync(join(ROOT, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir')
  }
  return dir
}
