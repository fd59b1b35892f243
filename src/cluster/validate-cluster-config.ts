// Validates cluster.json text: parse with positions, check against the schema, report every problem at once.
import * as v from 'valibot'
import { error, type Outcome, type SourcePosition } from '../diagnostics/diagnostic.js'
import { sortByPosition } from '../diagnostics/sort-diagnostics.js'
import { parseLocatedJson, type PathItem } from '../json/parse-located-json.js'
import { resolveDefaults, type ClusterConfig } from './cluster-config.js'
import { ClusterConfigSchema } from './cluster-schema.js'
import { describeFound, issueToDiagnostic } from './config-issues.js'
import { checkIntegerLiterals } from './integer-literals.js'

export interface ValidatedConfig {
  config: ClusterConfig
  /** Where a key's value sits in the file, for diagnostics found after validation (sizing warnings). */
  positionOf(path: readonly PathItem[]): SourcePosition
}

/**
 * cluster.json text in, a validated config with defaults out, or every
 * problem at once, each with file:line:column, the JSON path, what was found
 * and what was expected, top to bottom. Every rule lives in the schema
 * (cluster-schema.ts); this only parses, runs it and places what it says.
 */
export function validateClusterConfig(text: string, file: string): Outcome<ValidatedConfig> {
  if (text.trim() === '') {
    return {
      ok: false,
      diagnostics: [error('MWP_FILE_EMPTY', 'the cluster config is empty; expected a JSON object', { file, position: { line: 1, column: 1 } })],
    }
  }
  const parsed = parseLocatedJson(text, file)
  if (!parsed.ok) return parsed
  const { json } = parsed
  const diagnostics = [...parsed.diagnostics]

  const root = json.value
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    diagnostics.push(
      error('MWP_CONFIG_NOT_OBJECT', `expected a JSON object at the top level, found ${describeFound(root, json.rawText([]))}`, {
        file,
        position: json.locate([]),
      }),
    )
    return { ok: false, diagnostics }
  }

  const result = v.safeParse(ClusterConfigSchema, root, { abortEarly: false, abortPipeEarly: false })
  for (const issue of result.issues ?? []) diagnostics.push(issueToDiagnostic(issue, json, file, ClusterConfigSchema))
  const refused = new Set(diagnostics.map((d) => d.path).filter((p) => p !== undefined))
  for (const d of checkIntegerLiterals(json, file, ClusterConfigSchema, refused)) diagnostics.push(d)

  if (!result.success || diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics: sortByPosition(diagnostics) }
  return { ok: true, value: { config: resolveDefaults(result.output), positionOf: (path) => json.locate(path) }, diagnostics }
}
