// Exit codes and the shapes commands receive and return.
import type { Diagnostic } from '../diagnostics/diagnostic.js'

/** spec/artifacts.md, "CLI exit codes"; 4 also covers a renderer that is there but fails (MWP_RENDERER_FAILED). */
export const EXIT = { ok: 0, userError: 2, internalError: 3, rendererMissing: 4 } as const
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** What a command may touch of the process; injected so the same code runs spawned and in-process. */
export interface CliContext {
  cwd: string
  env: Readonly<Record<string, string | undefined>>
}

export interface CommandOutcome {
  exitCode: ExitCode
  diagnostics: Diagnostic[]
  /** stdout lines in human mode. */
  text?: string[]
  /** Command-specific fields of the `--json` document. */
  data?: Record<string, unknown>
  /** A whole `--json` document that replaces the usual envelope (`size` prints the report itself). */
  document?: unknown
}

/** A failed command's outcome: exit 2 with its diagnostics. */
export function userError(diagnostics: Diagnostic[], data?: Record<string, unknown>): CommandOutcome {
  return { exitCode: EXIT.userError, diagnostics, ...(data ? { data } : {}) }
}
