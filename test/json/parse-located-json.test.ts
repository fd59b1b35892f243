import { describe, expect, it } from 'vitest'
import { JSON_LIMITS } from '../../src/input-limits.js'
import { measureJson } from '../../src/json/measure-json.js'
import { parseLocatedJson } from '../../src/json/parse-located-json.js'

const small = { maxDepth: 3, maxArrayItems: 3, maxObjectMembers: 2, maxValues: 8 }

describe('measuring JSON before parsing it', () => {
  it.each([
    ['[[[[1]]]]', 'is nested more than 3 levels deep; mwpack reads at most 3', 3],
    ['[1,2,3,4]', 'has an array of more than 3 items; mwpack reads at most 3', 7],
    ['{"a":1,"b":2,"c":3}', 'has an object of more than 2 members; mwpack reads at most 2', 13],
    ['[[1,2,3],[1,2,3],[1]]', 'has more than 8 values; mwpack reads at most 8', 14],
  ])('finds where %s first goes past a limit', (text, message, offset) => {
    expect(measureJson(text, small)).toEqual({ offset, message })
  })

  it('counts nothing inside strings, escapes included, and nothing for empty containers', () => {
    expect(measureJson('["[[[[", "\\"[[[[", "]]]]"]', small)).toBeUndefined()
    expect(measureJson('{"a":[],"b":{}}', small)).toBeUndefined()
    expect(measureJson('[[],[],[]]', small)).toBeUndefined()
    expect(measureJson('{"{{{{{{":1,"x":2}', small)).toBeUndefined()
  })

  it('takes milliseconds where a parser that builds a tree takes seconds', () => {
    const text = `[${Array(500_000).fill('1').join(',')}]`
    const timed = (work: () => unknown) => {
      const started = performance.now()
      work()
      return performance.now() - started
    }
    expect(measureJson(text, JSON_LIMITS)?.message).toContain('more than 10000 items')
    // Against JSON.parse on the same text, in the same process: the scan stops at item 10,001.
    // Each the fastest of three, so one pause of a loaded machine decides nothing.
    const fastest = (work: () => unknown) => Math.min(timed(work), timed(work), timed(work))
    expect(fastest(() => measureJson(text, JSON_LIMITS))).toBeLessThan(fastest(() => JSON.parse(text)))
  })
})

describe('parsing JSON with positions', () => {
  it('reports each duplicate key with where the key was first written', () => {
    const parsed = parseLocatedJson('{"a": 1, "a": 2,\n "a": 3}', 'c.json')
    expect(parsed.diagnostics.map((d) => [d.code, d.message, d.position])).toEqual([
      ['MWP_JSON_DUPLICATE_KEY', 'duplicate key "a" (first at line 1, column 2)', { line: 1, column: 10 }],
      ['MWP_JSON_DUPLICATE_KEY', 'duplicate key "a" (first at line 1, column 2)', { line: 2, column: 2 }],
    ])
  })

  it.each([
    ['a lone high surrogate', '{\n  "name": "GPU \\ud800 node"\n}', '\\ud800', { line: 2, column: 16 }, 'name'],
    ['a lone low surrogate', '{"name": "\\uDC00"}', '\\uDC00', { line: 1, column: 11 }, 'name'],
    ['a high surrogate followed by a non-surrogate escape', '{"a": ["ok", "\\ud83d\\u0041"]}', '\\ud83d', { line: 1, column: 15 }, 'a[1]'],
    ['a reversed pair', '{"a": "\\ude00\\ud83d"}', '\\ude00', { line: 1, column: 8 }, 'a'],
    ['a lone surrogate in a key', '{"k\\ud800": 1}', '\\ud800', { line: 1, column: 4 }, undefined],
  ])('refuses %s at the escape itself', (_, text, escape, position, path) => {
    const parsed = parseLocatedJson(text, 'c.json')
    const d = parsed.diagnostics.find((x) => x.code === 'MWP_JSON_LONE_SURROGATE')
    const message = `${path ? `${path}: ` : ''}the string escape ${escape} is half of a UTF-16 surrogate pair, which no UTF-8 text can hold`
    expect(d).toMatchObject({ severity: 'error', file: 'c.json', position, message })
    expect(d?.path).toBe(path)
  })

  it('accepts escaped pairs, escaped backslashes before a u, and characters written as themselves', () => {
    for (const text of ['{"a": "\\ud83d\\ude00"}', '{"a": "\\\\ud800"}', '{"a": "😀 \\u00e9"}']) {
      expect(parseLocatedJson(text, 'c.json').diagnostics).toEqual([])
    }
  })
})

describe('a config string that cannot be UTF-8', () => {
  it('stops the one pipeline the plugin and the CLI share, so no module or artifact ever holds it', async () => {
    const { readFileSync } = await import('node:fs')
    const { prepareMemo } = await import('../../src/index.js')
    const { ROOT } = await import('../helpers/cli.js')
    const config = readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`, 'utf8').replace('"H100-class 8-GPU node (placeholder)"', '"H100 \\udfff"')
    const prepared = prepareMemo({
      memo: { file: '5mw.memo.md', bytes: Buffer.from('# Memo\n\n{{ inputs.node.name }}\n') },
      config: { file: '5mw.cluster.json', bytes: Buffer.from(config) },
      name: '5mw',
    })
    expect(prepared.ok).toBe(false)
    expect(prepared.ok ? [] : prepared.diagnostics.map((d) => [d.code, d.path])).toEqual([['MWP_JSON_LONE_SURROGATE', 'node.name']])
  })
})

describe('a JSON syntax error', () => {
  it.each(['MANIFEST.json', 'bundle/cluster_report.json', '5mw.cluster.json'])('names %s in its hint, not another file', (file) => {
    const parsed = parseLocatedJson('{"a": 1,}', file)
    expect(parsed.ok).toBe(false)
    expect(!parsed.ok && parsed.diagnostics[0]!.hint).toBe(
      `${file.split('/').at(-1)} is strict JSON: double-quoted keys, no comments, no trailing commas, no NaN or Infinity`,
    )
  })
})

describe('raw control characters inside strings (RFC 8259, section 7)', () => {
  it.each([
    ['U+0001', '\u0001', 'U+0001'],
    ['a tab', '\t', 'U+0009 (tab)'],
    ['a line feed', '\n', 'U+000A (line feed)'],
    ['U+001F', '\u001f', 'U+001F'],
  ])('refuses %s in a value, at its line and column, as JSON.parse does', (_, raw, name) => {
    const text = `{\n  "node": {\n    "name": "ab${raw}c"\n  }\n}\n`
    expect(() => JSON.parse(text)).toThrow()
    const parsed = parseLocatedJson(text, 'cluster.json')
    const diagnostics = parsed.diagnostics.filter((d) => d.severity === 'error')
    expect(diagnostics.map((d) => [d.code, d.message, d.position, d.path])).toEqual([
      ['MWP_JSON_SYNTAX', `node.name: invalid JSON: a string holds the raw control character ${name}`, { line: 3, column: 16 }, 'node.name'],
    ])
  })

  it('refuses one in a key too', () => {
    const parsed = parseLocatedJson('{"a\u0002b": 1}', 'MANIFEST.json')
    expect(parsed.diagnostics.map((d) => [d.code, d.position])).toEqual([['MWP_JSON_SYNTAX', { line: 1, column: 4 }]])
  })

  it('accepts the same characters written as escapes', () => {
    const parsed = parseLocatedJson('{"a": "x\\u0001\\t\\n\\u001f"}', 'cluster.json')
    expect(parsed.diagnostics).toEqual([])
    expect(parsed.ok && parsed.json.value).toEqual({ a: 'x\u0001\t\n\u001f' })
  })
})
