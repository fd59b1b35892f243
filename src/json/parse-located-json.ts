// Parses strict JSON keeping every value's line and column (momoa).
import { parse as parseMomoa } from '@humanwhocodes/momoa'
import type { AnyNode, DocumentNode, MemberNode, ValueNode } from '@humanwhocodes/momoa'
import { error, type Diagnostic, type SourcePosition } from '../diagnostics/diagnostic.js'
import { positionInText } from '../diagnostics/text-position.js'

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

/** Parses strict JSON. Syntax errors and duplicate keys come back as diagnostics with positions. */
export function parseLocatedJson(
  text: string,
  file: string,
): { ok: true; json: LocatedJson; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] } {
  const tooDeep = nestingBeyond(text, MAX_DEPTH)
  if (tooDeep !== undefined) {
    return {
      ok: false,
      diagnostics: [
        error('MWP_JSON_SYNTAX', `invalid JSON for a config: nested more than ${MAX_DEPTH} levels deep`, { file, position: positionInText(text, tooDeep) }),
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

/** cluster.json is four levels deep; a thousand levels is an attack on the parser's stack, not a config. */
const MAX_DEPTH = 64

/** Offset of the first bracket that opens level `limit + 1`, ignoring brackets inside strings. */
function nestingBeyond(text: string, limit: number): number | undefined {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '{' || c === '[') {
      if (++depth > limit) return i
    } else if (c === '}' || c === ']') depth--
  }
  return undefined
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
        const first = seen.get(name)
        if (first) {
          diagnostics.push(
            error('MWP_JSON_DUPLICATE_KEY', `duplicate key "${name}" (first at line ${first.name.loc.start.line}, column ${first.name.loc.start.column})`, {
              file,
              position: keyPosition,
              path: formatPath([...path, name]),
              hint: 'a key may appear once per object',
            }),
          )
        }
        seen.set(name, member)
        out[name] = toValue(member.value, [...path, name], entries, diagnostics, file, text, keyPosition)
      }
      return out
    }
    case 'Array':
      return node.elements.map((element, index) => toValue(element.value, [...path, index], entries, diagnostics, file, text))
    case 'String':
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

function syntaxDiagnostic(thrown: unknown, file: string): Diagnostic {
  const e = thrown as { message?: string; line?: number; column?: number }
  const position = typeof e.line === 'number' && typeof e.column === 'number' ? { line: e.line, column: e.column } : { line: 1, column: 1 }
  return error('MWP_JSON_SYNTAX', `invalid JSON: ${describeSyntaxError(String(e.message ?? thrown))}`, {
    file,
    position,
    hint: 'cluster.json is strict JSON: double-quoted keys, no comments, no trailing commas, no NaN or Infinity',
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
