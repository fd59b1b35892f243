// Counts nesting, array items, object members and values in JSON text in one pass, before any parser builds a tree.
import type { JsonLimits } from '../input-limits.js'

/** The first place the text goes past a limit: its offset, and what it has ("has an array of more than 10000 items; ..."). */
export interface JsonLimitExceeded {
  offset: number
  message: string
}

interface Frame {
  kind: 'array' | 'object'
  count: number
}

/**
 * Walks JSON text once, keeping only a stack of counters, and stops at the
 * first value past a limit: deeper than `maxDepth`, the `maxArrayItems + 1`th
 * item of an array, the `maxObjectMembers + 1`th member of an object, the
 * `maxValues + 1`th value of the document. A parser that builds a tree (momoa
 * builds a node, a location and a path for every value) would spend seconds
 * and hundreds of megabytes on a few megabytes of `[1,1,1,...]` before any
 * check could run; this spends a few milliseconds.
 *
 * The scan only counts: it does not judge syntax, and on text that is not
 * JSON it may count loosely. The parser after it reports syntax errors.
 */
export function measureJson(text: string, limits: JsonLimits): JsonLimitExceeded | undefined {
  const stack: Frame[] = []
  let values = 0
  // At a value's first character (top level, after "[", ",", ":"), or at an object key.
  let expect: 'value' | 'key' | 'none' = 'value'
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue
    const top = stack[stack.length - 1]
    if (c === 0x5d || c === 0x7d) {
      // "]" or "}": an empty container, or the end of a full one.
      stack.pop()
      expect = 'none'
      continue
    }
    if (c === 0x2c) {
      // ","
      expect = top?.kind === 'object' ? 'key' : 'value'
      continue
    }
    if (c === 0x3a) {
      // ":"
      expect = 'value'
      continue
    }
    if (expect === 'key') {
      if (top && ++top.count > limits.maxObjectMembers)
        return { offset: i, message: `has an object of more than ${limits.maxObjectMembers} members; mwpack reads at most ${limits.maxObjectMembers}` }
      expect = 'none'
      if (c === 0x22) i = endOfString(text, i)
      continue
    }
    if (expect === 'value') {
      if (++values > limits.maxValues) return { offset: i, message: `has more than ${limits.maxValues} values; mwpack reads at most ${limits.maxValues}` }
      if (top?.kind === 'array' && ++top.count > limits.maxArrayItems)
        return { offset: i, message: `has an array of more than ${limits.maxArrayItems} items; mwpack reads at most ${limits.maxArrayItems}` }
      expect = 'none'
      if (c === 0x5b || c === 0x7b) {
        if (stack.length >= limits.maxDepth)
          return { offset: i, message: `is nested more than ${limits.maxDepth} levels deep; mwpack reads at most ${limits.maxDepth}` }
        stack.push({ kind: c === 0x5b ? 'array' : 'object', count: 0 })
        expect = c === 0x5b ? 'value' : 'key'
      } else if (c === 0x22) {
        i = endOfString(text, i)
      }
      continue
    }
    if (c === 0x22) i = endOfString(text, i)
  }
  return undefined
}

/** The offset of a string's closing quote (or the text's end), skipping escapes. */
function endOfString(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x5c) i++
    else if (c === 0x22) return i
  }
  return text.length
}
