// Diagnostics as data: stable codes, severities, positions.
/**
 * Diagnostics are data: a stable code, a severity, one sentence, and where.
 * The core only ever returns these; the CLI, the bundler plugin and `--json`
 * each format them at their own edge (see format-diagnostic.ts).
 */

/** Every code mwpack can report. Codes are stable: tests and users match on them, never on prose. */
export const DIAGNOSTIC_CODES = [
  // Reading inputs
  'MWP_FILE_NOT_FOUND',
  'MWP_FILE_IS_DIRECTORY',
  'MWP_FILE_UNREADABLE',
  'MWP_FILE_EMPTY',
  'MWP_FILE_TOO_LARGE',
  'MWP_FILE_NOT_UTF8',
  'MWP_FILE_BINARY',
  'MWP_FILE_CHANGED',
  // Live references in memos
  'MWP_MEMO_REFERENCE',
  'MWP_MEMO_NEEDS_CONFIG',
  'MWP_MEMO_FRONT_MATTER',
  // cluster.json syntax
  'MWP_JSON_SYNTAX',
  'MWP_JSON_DUPLICATE_KEY',
  'MWP_JSON_LIMIT',
  'MWP_JSON_LONE_SURROGATE',
  // cluster.json content
  'MWP_CONFIG_NOT_OBJECT',
  'MWP_CONFIG_TYPE',
  'MWP_CONFIG_RANGE',
  'MWP_CONFIG_NOT_INTEGER',
  'MWP_CONFIG_MISSING_KEY',
  'MWP_CONFIG_UNKNOWN_KEY',
  'MWP_CONFIG_LEAF_PORTS',
  'MWP_CONFIG_SCALE',
  'MWP_CONFIG_CURVE',
  'MWP_CONFIG_CAP_SOURCE',
  'MWP_CONFIG_RACK_POWER',
  'MWP_CONFIG_PLANES',
  'MWP_CONFIG_CAPPED_NODE_POWER',
  'MWP_CONFIG_NOT_FOUND',
  // Sizing outcomes (warnings unless strict)
  'MWP_NO_FEASIBLE_NODES',
  'MWP_BELOW_MIN_NODES',
  'MWP_PROVISIONED_ABOVE_NAMEPLATE',
  // Naming and build options
  'MWP_NAME_INVALID',
  'MWP_SOURCE_DATE_EPOCH_INVALID',
  'MWP_OUT_IS_FILE',
  'MWP_OUT_NOT_OURS',
  'MWP_OUT_UNSAFE',
  'MWP_OUT_UNWRITABLE',
  // Command line
  'MWP_ARG_UNKNOWN',
  'MWP_ARG_MISSING',
  'MWP_ARG_INVALID',
  'MWP_ARG_CONFLICT',
  // Packaging and verification
  'MWP_MANIFEST_INVALID',
  'MWP_ARCHIVE_INVALID',
  'MWP_ARCHIVE_AMBIGUOUS',
  'MWP_ARCHIVE_UNSUPPORTED',
  'MWP_ENTRY_UNSAFE_NAME',
  'MWP_ENTRY_DUPLICATE',
  'MWP_ENTRY_NOT_FILE',
  'MWP_ENTRY_MODE',
  'MWP_ENTRY_MISSING',
  'MWP_ENTRY_EXTRA',
  'MWP_ENTRY_HASH_MISMATCH',
  'MWP_REPORT_MISMATCH',
  'MWP_MEMO_NOT_NORMALIZED',
  // Rendering
  'MWP_RENDERER_MISSING',
  'MWP_RENDERER_FAILED',
  // The plugin's build cache
  'MWP_CACHE_OFF',
  // A bug in mwpack itself
  'MWP_INTERNAL',
] as const

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number]

export type Severity = 'error' | 'warning'

/** A position in a text file: both numbers start at 1, as editors show them. */
export interface SourcePosition {
  line: number
  column: number
}

export interface Diagnostic {
  code: DiagnosticCode
  severity: Severity
  /** One sentence: what was found and what was expected. No location inside. */
  message: string
  /** The file as the user named it (never made absolute by mwpack). */
  file?: string
  /** Where in `file`, 1-based. */
  position?: SourcePosition
  /** Dotted path inside a JSON document, e.g. `fabric.leaf.ports`. */
  path?: string
  /** How to fix it, when there is something better to say than the message. */
  hint?: string
}

/** Builds an error diagnostic; the optional fields are copied only when present. */
export function error(code: DiagnosticCode, message: string, where: Omit<Diagnostic, 'code' | 'severity' | 'message'> = {}): Diagnostic {
  return { code, severity: 'error', message, ...where }
}

/** Builds a warning diagnostic. */
export function warning(code: DiagnosticCode, message: string, where: Omit<Diagnostic, 'code' | 'severity' | 'message'> = {}): Diagnostic {
  return { code, severity: 'warning', message, ...where }
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error')
}

/** Turns warnings into errors: the `strict` mode of the CLI and the plugin. */
export function escalateWarnings(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => (d.severity === 'warning' ? { ...d, severity: 'error' } : d))
}

/**
 * Thrown by the core when it cannot go on; carries every diagnostic found so
 * far, so the edge can print all of them at once rather than the first.
 */
export class MwpackError extends Error {
  readonly diagnostics: readonly Diagnostic[]

  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join('\n'))
    this.name = 'MwpackError'
    this.diagnostics = diagnostics
  }
}

/** Result of a core step that can fail with diagnostics but never throws for user mistakes. */
export type Outcome<T> = { ok: true; value: T; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] }
