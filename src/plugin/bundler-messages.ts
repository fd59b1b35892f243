// Diagnostics as bundler messages: one place for how the plugin reports problems.
import type { UnpluginBuildContext, UnpluginContext, UnpluginMessage } from 'unplugin'
import { MwpackError, type Diagnostic } from '../diagnostics/diagnostic.js'
import { formatDiagnostic } from '../diagnostics/format-diagnostic.js'

export type HookContext = UnpluginBuildContext & UnpluginContext

/**
 * A diagnostic as a bundler message: `loc` is absolute with a 0-based column
 * (the Rollup convention), and the data rides in `meta.mwpack`. Not in
 * `pluginCode`: Vite returns such errors untouched, without the code frame it
 * otherwise reads from `loc.file` for the overlay.
 */
export function toMessage(d: Diagnostic, message: string, absolute: (file: string) => string, all: readonly Diagnostic[] = [d]): UnpluginMessage {
  return {
    message,
    meta: { mwpack: { code: d.code, diagnostics: all } },
    ...(d.file && d.position ? { loc: { file: absolute(d.file), line: d.position.line, column: d.position.column - 1 } } : {}),
  }
}

/** Fails the module with every diagnostic; the first error's place goes to `loc` for the overlay and code frame. */
export function failWith(ctx: HookContext, diagnostics: readonly Diagnostic[], absolute: (file: string) => string): never {
  const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0]!
  ctx.error(toMessage(first, diagnostics.map((d) => formatDiagnostic(d)).join('\n'), absolute, diagnostics))
  throw new MwpackError(diagnostics) // unreachable: error() throws; this tells TypeScript
}

/** A thrown plugin-setup problem as one readable Error (bundlers print its message, not our data). */
export function setupError(e: unknown): unknown {
  return e instanceof MwpackError ? new Error(e.diagnostics.map((d) => formatDiagnostic(d)).join('\n')) : e
}
