// Diagnostics as bundler messages: one place for how the plugin reports problems.
import type { UnpluginBuildContext, UnpluginContext, UnpluginMessage } from 'unplugin'
import { MwpackError, type Diagnostic } from '../diagnostics/diagnostic.js'
import { formatDiagnostic } from '../diagnostics/format-diagnostic.js'
import { formatDiagnosticList } from '../diagnostics/format-diagnostic-list.js'

export type HookContext = UnpluginBuildContext & UnpluginContext

/**
 * Diagnostics as one bundler message. The first one with a place in a file
 * gives `loc` (its file as `locFile` says, with the 0-based column of the Rollup convention),
 * from which bundlers print the place their own way and Vite draws the code
 * frame in its overlay; its line of text then leaves the place out, so no
 * line shows two columns. The others keep theirs (`file:line:column`, 1-based
 * as editors count), at most PRINTED_PER_FILE lines per file. The data rides in `meta.mwpack`, not `pluginCode`: Vite
 * returns an error that has `pluginCode` untouched, without the code frame.
 *
 * `placeInText` keeps the first one's place in its line too, for a host that
 * prints a warning's text without its `loc` (Vite on Rolldown, Vite 8): a
 * warning must still say which file it is about.
 */
export function toMessage(
  first: Diagnostic,
  all: readonly Diagnostic[],
  locFile: (file: string) => string,
  meta?: { rolldownVersion?: string },
  options: { placeInText?: boolean } = {},
): UnpluginMessage {
  const located = first.file !== undefined && first.position !== undefined
  // At most PRINTED_PER_FILE lines per file; meta.mwpack.diagnostics keeps every one.
  const text = formatDiagnosticList(all, {
    format: (d) => (d === first && located && !options.placeInText ? formatDiagnostic({ ...d, file: undefined, position: undefined }) : formatDiagnostic(d)),
    fullList: "the error's meta.mwpack.diagnostics lists them all",
  }).join('\n')
  return {
    message: text,
    meta: { mwpack: { code: first.code, diagnostics: all } },
    ...(located ? { loc: { file: locFile(first.file!), line: first.position!.line, column: first.position!.column - 1 } } : {}),
    // Rolldown writes a message's stack into the build error's text; mwpack's frames say nothing about the user's memo.
    ...(meta?.rolldownVersion ? { stack: undefined } : {}),
  } as UnpluginMessage
}

/** Fails the module with every diagnostic; the first error's place goes to `loc` for the overlay and code frame. */
export function failWith(ctx: HookContext, diagnostics: readonly Diagnostic[], locFile: (file: string) => string, meta?: { rolldownVersion?: string }): never {
  const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0]!
  ctx.error(toMessage(first, diagnostics, locFile, meta))
  throw new MwpackError(diagnostics) // unreachable: error() throws; this tells TypeScript
}

/** A thrown plugin-setup problem as one readable Error (bundlers print its message, not our data). */
export function setupError(e: unknown): unknown {
  return e instanceof MwpackError ? new Error(formatDiagnosticList(e.diagnostics).join('\n')) : e
}
