// Turns valibot's issues on cluster.json into diagnostics with positions, found and expected.
import type * as v from 'valibot'
import { error, type Diagnostic } from '../diagnostics/diagnostic.js'
import { clipText } from '../diagnostics/clip-text.js'
import { didYouMean } from '../diagnostics/did-you-mean.js'
import { formatPath, type LocatedJson, type PathItem } from '../json/parse-located-json.js'
import { LIMITS } from './config-limits.js'
import { ruleTagOf } from './rule-actions.js'
import { allObjectPaths, keysAt, type SchemaLike } from './schema-shape.js'

/** The issue's path as plain keys: `['fabric', 'leaf', 'ports']`. */
export function issuePath(issue: v.BaseIssue<unknown>): PathItem[] {
  return (issue.path ?? []).map((item) => item.key as PathItem)
}

/**
 * One issue as one diagnostic: placed at its value (or at the key, for an
 * unknown key; at the enclosing object, for a missing one), saying what was
 * found and what was expected. Issues raised by our own rules carry their
 * code and hint (rule-actions.ts); valibot's own become type, integer, range,
 * unknown-key and missing-key diagnostics. `schema` is the schema that raised
 * the issue, for the keys a did-you-mean hint can offer.
 */
export function issueToDiagnostic(issue: v.BaseIssue<unknown>, json: LocatedJson, file: string, schema: SchemaLike): Diagnostic {
  const path = issuePath(issue)
  // Clipped: the path quotes the user's keys, and an unknown one may be a megabyte long.
  const dotted = clipText(formatPath(path))
  const where = { file, path: dotted }

  const tag = ruleTagOf(issue)
  if (tag) {
    // A rule over a shape (a curve point that is not a pair) speaks like a type error, path first;
    // a rule over several keys writes its own sentence, naming them.
    const message = issue.kind === 'schema' ? `${dotted}: ${issue.message}` : issue.message
    return error(tag.code, message, { ...where, position: json.locate(path), ...(tag.hint !== undefined && { hint: tag.hint }) })
  }
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    const key = String(path.at(-1))
    const parent = path.slice(0, -1)
    return error('MWP_CONFIG_UNKNOWN_KEY', `unknown key "${dotted}"`, {
      ...where,
      position: json.locateKey(path),
      hint: unknownKeyHint(schema, key, parent) ?? `allowed here: ${keysAt(schema, parent).join(', ')}`,
    })
  }
  if (issue.received === 'undefined' && issue.kind === 'schema') {
    const parent = path.slice(0, -1)
    return error('MWP_CONFIG_MISSING_KEY', `missing required key "${dotted}"`, {
      ...where,
      position: json.locate(parent),
      hint: `add "${String(path.at(-1))}" to ${parent.length ? `"${formatPath(parent)}"` : 'the top-level object'}`,
    })
  }
  const found = describeFound(issue.input, json.rawText(path))
  const position = json.locate(path)
  switch (issue.kind === 'schema' ? 'type' : issue.type) {
    case 'type':
      return error('MWP_CONFIG_TYPE', `${dotted}: expected ${expectedType(issue.type)}, found ${found}`, { ...where, position })
    case 'integer':
      return error('MWP_CONFIG_NOT_INTEGER', `${dotted}: expected a whole number, found ${found}`, { ...where, position })
    default:
      return error('MWP_CONFIG_RANGE', `${dotted}: expected ${expectedRange(issue)}, found ${found}`, {
        ...where,
        position,
        ...(belowMilliwatt(issue) && { hint: 'mwpack sums power in whole milliwatts, and a smaller figure rounds to nothing; check the unit' }),
      })
  }
}

/** A power below the milliwatt floor (LIMITS.minCapMw, LIMITS.minPartW): the model could not tell it from zero. */
function belowMilliwatt(issue: v.BaseIssue<unknown>): boolean {
  return issue.type === 'min_value' && (issue.requirement === LIMITS.minCapMw || issue.requirement === LIMITS.minPartW)
}

/** A bound as a reader writes it: 0.000000001, not 1e-9. */
function plainNumber(value: unknown): string {
  return typeof value === 'number' && value !== 0 && Math.abs(value) < 1e-6 ? value.toFixed(20).replace(/0+$/, '') : String(value)
}

function expectedType(schemaType: string): string {
  switch (schemaType) {
    case 'number':
      return 'a number'
    case 'string':
      return 'a string'
    case 'boolean':
      return 'true or false'
    case 'array':
    case 'strict_tuple':
      return 'an array'
    default:
      return 'an object'
  }
}

function expectedRange(issue: v.BaseIssue<unknown>): string {
  const r = issue.requirement
  switch (issue.type) {
    case 'finite':
      return 'a finite number'
    case 'gt_value':
      return `a number > ${String(r)}`
    case 'min_value':
      return `a number >= ${plainNumber(r)}${belowMilliwatt(issue) ? ' (one milliwatt)' : ''}`
    case 'max_value':
      return `a number <= ${String(r)}`
    case 'non_empty':
      return 'a non-empty string'
    case 'max_length':
      return `at most ${String(r)} ${Array.isArray(issue.input) ? 'items' : 'characters'}`
    case 'min_length':
      return `at least ${String(r)} item${r === 1 ? '' : 's'}`
    default:
      return issue.expected ?? 'a valid value'
  }
}

/** A short, exact rendering of what the user wrote: the source text when we have it. */
export function describeFound(value: unknown, raw: string | undefined): string {
  const text = raw === undefined ? (JSON.stringify(value) ?? String(value)) : raw.length > 40 ? `${raw.slice(0, 37)}...` : raw
  if (value === null) return 'null'
  if (typeof value === 'boolean') return `${text} (a boolean)`
  if (typeof value === 'string') return `${text} (a string)`
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  return text
}

/** Unknown key: a near-miss among its siblings, else the same key where it belongs elsewhere. */
function unknownKeyHint(schema: SchemaLike, key: string, parent: PathItem[]): string | undefined {
  const sibling = didYouMean(key, keysAt(schema, parent))
  if (sibling) return `did you mean "${sibling}"?`
  const home = allObjectPaths(schema).find((o) => o.keys.includes(key))
  if (home) return `"${key}" belongs in ${home.path.length ? `"${home.path.join('.')}"` : 'the top-level object'}`
  return undefined
}
