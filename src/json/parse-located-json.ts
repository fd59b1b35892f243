// Parses strict JSON keeping every value's line and column (momoa).
import { parse as parseMomoa } from '@humanwhocodes/momoa'
import type { AnyNode, DocumentNode, MemberNode, ValueNode } from '@humanwhocodes/momoa'
import { error, type Diagnostic, type SourcePosition } from '../diagnostics/diagnostic.js'
import { positionInText } from '../diagnostics/text-position.js'
import { JSON_LIMITS, type JsonLimits } from '../input-limits.js'
import { measureJson } from './measure-json.js'

/**
 * JSON with a memory of where every value came from. valibot reports a path
 * (`fabric.leaf.ports`), users need a line and column; the position-aware
 * parser (momoa) gives each node its place, and `locate` maps a path back to it.
 */
export interface LocatedJson {
  /** The document as plain data; for a duplicated key the last value wins, as in `JSON.parse`. */
  value: unknown
  /** Where a value starts, by path (`''` is the root). */
  locate(path: readonly PathItem[]): SourcePosition
  /** Where a member's key starts; falls back to its value for array items and the root. */
  locateKey(path: readonly PathItem[]): SourcePosition
  /** The value's text exactly as written (`1e400`, `"700"`, `8.0`). */
  rawText(path: readonly PathItem[]): string | undefined
}

export type PathItem = string | number

interface Entry {
  node: ValueNode
  key?: SourcePosition
}

/**
 * Parses strict JSON. Syntax errors, duplicate keys, raw control characters
 * in strings (which momoa lets through) and strings that cannot be UTF-8 come back as diagnostics with positions. The document's shape is
 * measured against `limits` first (measure-json.ts), so a hostile document
 * is refused before the parser builds anything.
 */
export function parseLocatedJson(
  source: string,
  file: string,
  limits: JsonLimits = JSON_LIMITS,
): { ok: true; json: LocatedJson; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] } {
  // JSON has no byte order mark; one an editor added is tolerated and, as in editors, is not a column.
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source
  const exceeded = measureJson(text, limits)
  if (exceeded) {
    return {
      ok: false,
      diagnostics: [
        error('MWP_JSON_LIMIT', `the JSON ${exceeded.message}`, {
          file,
          position: positionInText(text, exceeded.offset),
          hint: 'see "Input limits" in the README',
        }),
      ],
    }
  }
  let document: DocumentNode
  try {
    document = parseMomoa(text, { mode: 'json', ranges: true })
  } catch (thrown) {
    return { ok: false, diagnostics: [syntaxDiagnostic(thrown, file)] }
  }

  const diagnostics: Diagnostic[] = []
  const entries = new Map<string, Entry>()
  const value = toValue(document.body, [], entries, diagnostics, file, text)

  const find = (path: readonly PathItem[]): Entry | undefined => {
    // A missing key is reported at the nearest object that exists.
    for (let n = path.length; n >= 0; n--) {
      const entry = entries.get(pathKey(path.slice(0, n)))
      if (entry) return entry
    }
    return undefined
  }
  const start = (node: AnyNode): SourcePosition => ({ line: node.loc.start.line, column: node.loc.start.column })

  const json: LocatedJson = {
    value,
    locate: (path) => {
      const entry = find(path)
      return entry ? start(entry.node) : { line: 1, column: 1 }
    },
    locateKey: (path) => {
      const entry = find(path)
      if (!entry) return { line: 1, column: 1 }
      return entry.key ?? start(entry.node)
    },
    rawText: (path) => {
      const entry = entries.get(pathKey(path))
      return entry ? text.slice(entry.node.loc.start.offset, entry.node.loc.end.offset) : undefined
    },
  }
  return { ok: true, json, diagnostics }
}

/** A stable string for a path: `fabric.leaf.ports`, `power_capping.curve[2][0]`. */
export function formatPath(path: readonly PathItem[]): string {
  let out = ''
  for (const item of path) {
    if (typeof item === 'number') out += `[${item}]`
    else out += out === '' ? item : `.${item}`
  }
  return out
}

function pathKey(path: readonly PathItem[]): string {
  // Length-prefixed, so keys holding any character (separators included) cannot collide.
  return path.map((item) => (typeof item === 'number' ? `#${item}` : `${item.length}:${item}`)).join('/')
}

function toValue(
  node: ValueNode,
  path: PathItem[],
  entries: Map<string, Entry>,
  diagnostics: Diagnostic[],
  file: string,
  text: string,
  key?: SourcePosition,
): unknown {
  entries.set(pathKey(path), key ? { node, key } : { node })
  switch (node.type) {
    case 'Object': {
      // Null prototype: a key named "__proto__" must be data, never a prototype.
      const out: Record<string, unknown> = Object.create(null)
      const seen = new Map<string, MemberNode>()
      for (const member of node.members) {
        const name = member.name.type === 'String' ? member.name.value : member.name.name
        const keyPosition = { line: member.name.loc.start.line, column: member.name.loc.start.column }
        const checked = checkedString(member.name, name, path, diagnostics, file, text)
        const first = seen.get(checked)
        if (first) {
          diagnostics.push(
            error('MWP_JSON_DUPLICATE_KEY', `duplicate key "${name}" (first at line ${first.name.loc.start.line}, column ${first.name.loc.start.column})`, {
              file,
              position: keyPosition,
              path: formatPath([...path, name]),
              hint: 'a key may appear once per object',
            }),
          )
        } else seen.set(checked, member)
        out[checked] = toValue(member.value, [...path, checked], entries, diagnostics, file, text, keyPosition)
      }
      return out
    }
    case 'Array':
      return node.elements.map((element, index) => toValue(element.value, [...path, index], entries, diagnostics, file, text))
    case 'String':
      return checkedString(node, node.value, path, diagnostics, file, text)
    case 'Number':
    case 'Boolean':
      return node.value
    case 'Null':
      return null
    default:
      // json mode never produces NaN/Infinity/identifier nodes; keep the raw text if it ever does.
      return text.slice(node.loc.start.offset, node.loc.end.offset)
  }
}

/**
 * A string as parsed, with a diagnostic when it holds a raw control
 * character (reported where it is), or when an escape left half of a UTF-16
 * surrogate pair (`"\ud800"`): such a string has no UTF-8 form, so the
 * plugin would hand it on as is while every artifact holds U+FFFD instead.
 * Reported at the escape itself.
 */
function checkedString(node: AnyNode, value: string, path: readonly PathItem[], diagnostics: Diagnostic[], file: string, text: string): string {
  // Only a value holding one can have come from a raw control character (an escape gives the same value).
  if (CONTROL.test(value)) {
    const raw = text.slice(node.loc.start.offset, node.loc.end.offset)
    const at = raw.search(CONTROL)
    if (at !== -1) {
      const unit = raw.charCodeAt(at)
      const name = `U+${unit.toString(16).toUpperCase().padStart(4, '0')}${CONTROL_NAMES[unit] ? ` (${CONTROL_NAMES[unit]})` : ''}`
      diagnostics.push(
        error('MWP_JSON_SYNTAX', `${path.length > 0 ? `${formatPath(path)}: ` : ''}invalid JSON: a string holds the raw control character ${name}`, {
          file,
          position: positionInText(text, node.loc.start.offset + at),
          ...(path.length > 0 ? { path: formatPath(path) } : {}),
          hint: `JSON (RFC 8259) allows control characters in strings only as escapes: write \\u${unit.toString(16).padStart(4, '0')}${unit === 9 ? ' or \\t' : unit === 10 ? ' or \\n' : ''}`,
        }),
      )
      return value
    }
  }
  if (!LONE_SURROGATE.test(value)) return value
  const raw = text.slice(node.loc.start.offset, node.loc.end.offset)
  const escape = loneSurrogateEscape(raw)
  diagnostics.push(
    error(
      'MWP_JSON_LONE_SURROGATE',
      `${path.length > 0 ? `${formatPath(path)}: ` : ''}the string escape ${escape?.text ?? '\\u....'} is half of a UTF-16 surrogate pair, which no UTF-8 text can hold`,
      {
        file,
        position: positionInText(text, node.loc.start.offset + (escape?.offset ?? 0)),
        ...(path.length > 0 ? { path: formatPath(path) } : {}),
        hint: 'write the character itself, or escape both halves of the pair (\\ud83d\\ude00)',
      },
    ),
  )
  return value
}

/** U+0000 to U+001F: RFC 8259 (section 7) requires these escaped inside a string; JSON.parse refuses them raw. */
const CONTROL = /[\u0000-\u001f]/
const CONTROL_NAMES: Record<number, string> = { 0: 'NUL', 9: 'tab', 10: 'line feed', 13: 'carriage return' }

/** With the u flag, a surrogate code point matches only when it is not part of a pair. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u

/** The first `\uXXXX` escape in a raw JSON string token that is half a pair, and its offset in the token. */
function loneSurrogateEscape(raw: string): { text: string; offset: number } | undefined {
  const escapes = [...raw.matchAll(/\\(?:u([0-9a-fA-F]{4})|.)/g)]
  for (let i = 0; i < escapes.length; i++) {
    const unit = escapes[i]![1] === undefined ? -1 : parseInt(escapes[i]![1]!, 16)
    const high = unit >= 0xd800 && unit <= 0xdbff
    const low = unit >= 0xdc00 && unit <= 0xdfff
    const next = escapes[i + 1]
    const nextUnit = next?.[1] === undefined ? -1 : parseInt(next[1]!, 16)
    const paired = high && next !== undefined && next.index === escapes[i]!.index! + 6 && nextUnit >= 0xdc00 && nextUnit <= 0xdfff
    if (paired) {
      i++
      continue
    }
    if (high || low) return { text: escapes[i]![0], offset: escapes[i]!.index! }
  }
  return undefined
}

function syntaxDiagnostic(thrown: unknown, file: string): Diagnostic {
  const e = thrown as { message?: string; line?: number; column?: number }
  const position = typeof e.line === 'number' && typeof e.column === 'number' ? { line: e.line, column: e.column } : { line: 1, column: 1 }
  return error('MWP_JSON_SYNTAX', `invalid JSON: ${describeSyntaxError(String(e.message ?? thrown))}`, {
    file,
    position,
    hint: `${file.split(/[\\/]/).at(-1)} is strict JSON: double-quoted keys, no comments, no trailing commas, no NaN or Infinity`,
  })
}

const TOKENS: Record<string, string> = {
  LBrace: '"{"',
  RBrace: '"}"',
  LBracket: '"["',
  RBracket: '"]"',
  Colon: '":"',
  Comma: '","',
  String: 'string',
  Number: 'number',
  Boolean: 'true/false',
  Null: 'null',
}

/** momoa's "Unexpected token RBrace found. (3:1)" in plain words: `unexpected "}"`. The position is printed separately. */
function describeSyntaxError(message: string): string {
  const detail = message.replace(/\s*\(\d+:\d+\)\s*$/, '').replace(/\s*found\.?$/, '')
  const token = /^Unexpected token (\w+)$/.exec(detail)
  if (token) return `unexpected ${TOKENS[token[1]!] ?? token[1]}`
  if (/^Unexpected end of input$/.test(detail)) return 'the file ends too early'
  const identifier = /^Unexpected identifier '(.*)'$/.exec(detail)
  if (identifier) return `unexpected word '${identifier[1]}' (only true, false and null are allowed bare)`
  return detail.charAt(0).toLowerCase() + detail.slice(1)
}
