// Reads allowed keys and integer fields out of the valibot schema.
import type { PathItem } from '../json/parse-located-json.js'

/**
 * Reads the shape of a valibot schema: which keys an object allows and which
 * values must be integers. Used for did-you-mean hints and for rejecting
 * `8.0` where a count is expected, so neither list is written twice.
 */

export interface SchemaLike {
  type: string
  entries?: Record<string, SchemaLike>
  wrapped?: SchemaLike
  item?: SchemaLike
  /** A tuple's items, one schema per position. */
  items?: readonly SchemaLike[]
  pipe?: readonly { type: string; kind?: string }[]
}

function unwrap(schema: SchemaLike): SchemaLike {
  let s = schema
  while (s.wrapped) s = s.wrapped
  return s
}

/** The schema that validates the value at `path`, if the path exists in the schema. */
export function schemaAt(root: SchemaLike, path: readonly PathItem[]): SchemaLike | undefined {
  let s: SchemaLike | undefined = unwrap(root)
  for (const item of path) {
    if (!s) return undefined
    if (typeof item === 'number') s = s.item ? unwrap(s.item) : s.items?.[item] ? unwrap(s.items[item]) : undefined
    else s = s.entries && Object.hasOwn(s.entries, item) ? unwrap(s.entries[item]!) : undefined
  }
  return s
}

/** Keys allowed in the object at `path`, in schema order. */
export function keysAt(root: SchemaLike, path: readonly PathItem[]): string[] {
  const s = schemaAt(root, path)
  return s?.entries ? Object.keys(s.entries) : []
}

/** Every object path in the schema with its keys, e.g. `[['node'], ['name', 'gpus_per_node', ...]]`. */
export function allObjectPaths(root: SchemaLike): Array<{ path: string[]; keys: string[] }> {
  const out: Array<{ path: string[]; keys: string[] }> = []
  const visit = (s: SchemaLike, path: string[]) => {
    const u = unwrap(s)
    if (u.entries) {
      out.push({ path, keys: Object.keys(u.entries) })
      for (const [key, child] of Object.entries(u.entries)) visit(child, [...path, key])
    }
    if (u.item) visit(u.item, path)
  }
  visit(root, [])
  return out
}

/** True when the schema at `path` carries valibot's `integer` action. */
export function isIntegerAt(root: SchemaLike, path: readonly PathItem[]): boolean {
  const s = schemaAt(root, path)
  return !!s?.pipe?.some((action) => action.type === 'integer')
}

/**
 * Every value the schema can hold that is not a container, with its type:
 * `{ path: ['node', 'gpu_w'], type: 'number' }`. A list stands for its first
 * item (`['power_capping', 'curve', 0, 1]`). Lets tests and the unit table
 * cover every key, including keys added later.
 */
export function leafPaths(root: SchemaLike): Array<{ path: PathItem[]; type: string }> {
  const out: Array<{ path: PathItem[]; type: string }> = []
  const visit = (s: SchemaLike, path: PathItem[]) => {
    const u = unwrap(s)
    if (u.entries) for (const [key, child] of Object.entries(u.entries)) visit(child, [...path, key])
    else if (u.items) u.items.forEach((child, i) => visit(child, [...path, i]))
    else if (u.item) visit(u.item, [...path, 0])
    else out.push({ path, type: u.type })
  }
  visit(root, [])
  return out
}
