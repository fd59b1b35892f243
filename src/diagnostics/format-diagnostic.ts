// Formats a diagnostic as one `file:line:column: severity: message [CODE]` line.
import type { Diagnostic } from './diagnostic.js'

export interface FormatOptions {
  /** Wrap the severity in ANSI colour. The CLI decides (TTY, NO_COLOR); the core never does. @default false */
  color?: boolean
}

/**
 * One line per diagnostic, in the shape compilers use so terminals and editors
 * can jump to it:
 *
 *     5mw.cluster.json:14:24: error: fabric.leaf_host_ports + ... exceeds ... [MWP_CONFIG_LEAF_PORTS]
 */
export function formatDiagnostic(d: Diagnostic, options: FormatOptions = {}): string {
  const where = formatLocation(d)
  const severity = options.color ? paint(d.severity) : d.severity
  const hint = d.hint ? `; ${d.hint}` : ''
  return `${where ? `${where}: ` : ''}${severity}: ${d.message}${hint} [${d.code}]`
}

/** `file:line:column`, `file`, or '' when the diagnostic is about no file. */
export function formatLocation(d: Pick<Diagnostic, 'file' | 'position'>): string {
  if (!d.file) return ''
  return d.position ? `${d.file}:${d.position.line}:${d.position.column}` : d.file
}

function paint(severity: Diagnostic['severity']): string {
  const code = severity === 'error' ? 31 : 33
  return `\u001b[1;${code}m${severity}\u001b[0m`
}
