// Formats a list of diagnostics for a terminal or a bundler message, at most PRINTED_PER_FILE lines per file.
import type { Diagnostic } from './diagnostic.js'
import { formatDiagnostic, type FormatOptions } from './format-diagnostic.js'

/**
 * How many diagnostics of one file are printed. A memo with 2,000 broken
 * references is one mistake repeated, and 2,000 lines bury the first; past
 * this many, one line counts the rest. `--json` output and the plugin's
 * `meta.mwpack.diagnostics` keep every one.
 */
export const PRINTED_PER_FILE = 50

export interface ListOptions extends FormatOptions {
  /** At most this many per file. @default PRINTED_PER_FILE */
  perFile?: number
  /** Where the full list is, added to each count line (`run with --json for the full list`). */
  fullList?: string
  /** Formats one shown diagnostic (the plugin leaves out the place its `loc` already gives). @default formatDiagnostic */
  format?: (d: Diagnostic) => string
}

/**
 * One line per diagnostic, in the given order, but at most `perFile` per file
 * (diagnostics with no file count as one group): errors are kept before
 * warnings, since they are what stops the run, and each file with more gets
 * one line after its last shown one, `FILE: ... and N more errors (fix these
 * first)`.
 */
export function formatDiagnosticList(diagnostics: readonly Diagnostic[], options: ListOptions = {}): string[] {
  const perFile = options.perFile ?? PRINTED_PER_FILE
  const format = options.format ?? ((d: Diagnostic) => formatDiagnostic(d, options))
  const groups = new Map<string | undefined, Diagnostic[]>()
  for (const d of diagnostics) {
    const group = groups.get(d.file)
    if (group) group.push(d)
    else groups.set(d.file, [d])
  }
  const shown = new Set<Diagnostic>()
  const hidden = new Map<string | undefined, Diagnostic[]>()
  for (const [file, group] of groups) {
    const kept = [...group.filter((d) => d.severity === 'error'), ...group.filter((d) => d.severity !== 'error')].slice(0, perFile)
    for (const d of kept) shown.add(d)
    if (group.length > kept.length)
      hidden.set(
        file,
        group.filter((d) => !shown.has(d)),
      )
  }
  const lastShown = new Map<string | undefined, Diagnostic>()
  for (const d of diagnostics) if (shown.has(d)) lastShown.set(d.file, d)
  const lines: string[] = []
  for (const d of diagnostics) {
    if (!shown.has(d)) continue
    lines.push(format(d))
    const rest = hidden.get(d.file)
    if (rest && lastShown.get(d.file) === d) lines.push(countLine(d.file, rest, options.fullList))
  }
  return lines
}

function countLine(file: string | undefined, rest: readonly Diagnostic[], fullList: string | undefined): string {
  const errors = rest.filter((d) => d.severity === 'error').length
  const kind = errors === rest.length ? (errors === 1 ? 'error' : 'errors') : errors === 0 ? (rest.length === 1 ? 'warning' : 'warnings') : 'problems'
  return `${file ? `${file}: ` : ''}... and ${thousands(rest.length)} more ${kind} (fix these first${fullList ? `; ${fullList}` : ''})`
}

/** 1950 as "1,950", as format/numbers.ts writes counts; not imported, since format/ stands above diagnostics/ (through cluster/) and the layers must not meet in a circle. */
function thousands(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}
