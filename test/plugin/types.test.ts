import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { consumerProject } from '../helpers/consumer.js'

/** Type-checks one file in a consumer project with "mwpack/client" in its types; returns the diagnostics as text. */
function typecheck(source: string): string[] {
  const dir = consumerProject()
  writeFileSync(join(dir, 'main.ts'), source)
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    types: ['mwpack/client'],
    skipLibCheck: true,
  }
  // `types` entries resolve from the project folder, as they do when tsc runs there.
  const host = ts.createCompilerHost(options)
  host.getCurrentDirectory = () => dir
  const program = ts.createProgram({ rootNames: [join(dir, 'main.ts')], options, host })
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`)
}

describe('memo import types from mwpack/client', () => {
  it('types ?report as the cluster report, the bare import and ?mwpack as a Memo, ?memo as a string', () => {
    expect(
      typecheck(`
        import report from './5mw.memo.md?report'
        import memo from './5mw.memo.md'
        import manifest from './5mw.memo.md?manifest'
        import markdown from './5mw.memo.md?memo'
        import again from './5mw.memo.md?mwpack'
        import type { ClusterReport, Manifest, Memo } from 'mwpack'
        const density: number = report.gpus_per_mw
        const tiers: 0 | 1 | 2 | 3 = report.tiers
        const limit: 'power' | 'fabric' | 'space' = report.limited_by
        const bundle: string = memo.files.bundle
        const maybe: ClusterReport | null = memo.report
        const m: Manifest = manifest
        const text: string = markdown
        const whole: Memo = memo
        const same: Memo = again
        export { density, tiers, limit, bundle, maybe, m, text, whole, same }
      `),
    ).toEqual([])
  })

  it('rejects a misspelt report key', () => {
    const errors = typecheck(`import report from './5mw.memo.md?report'\nexport const x = report.gpus_per_mww\n`)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^2551: Property 'gpus_per_mww' does not exist .* Did you mean 'gpus_per_mw'\?/)
  })
})
