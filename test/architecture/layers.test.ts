import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/cli.js'

/** Every import between two parts of src/: a folder (`archive`) or a top-level file (`input-limits`). */
function partEdges(): Map<string, Set<string>> {
  const src = join(ROOT, 'src')
  const part = (file: string) =>
    relative(src, file)
      .split(/[\\/]/)[0]!
      .replace(/\.(?:d\.)?[jt]s$/, '')
  const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => /\.ts$/.test(f)).map((f) => join(src, f))
  const edges = new Map<string, Set<string>>()
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(/(?:from|import\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const from = part(file)
      const to = part(normalize(join(dirname(file), match[1]!)))
      if (from !== to) edges.set(from, (edges.get(from) ?? new Set()).add(to))
    }
  }
  return edges
}

/** Each group of parts that import one another round in a circle (Tarjan's strongly connected components of two or more). */
function cycles(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const found: string[][] = []
  let counter = 0
  const visit = (node: string) => {
    index.set(node, counter)
    low.set(node, counter++)
    stack.push(node)
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node)!, low.get(next)!))
      } else if (stack.includes(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!))
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = []
      let member: string
      do {
        member = stack.pop()!
        group.push(member)
      } while (member !== node)
      if (group.length > 1) found.push(group.sort())
    }
  }
  for (const node of edges.keys()) if (!index.has(node)) visit(node)
  return found
}

describe('the folders of src/ stand in layers', () => {
  const edges = partEdges()

  it('import one another without cycles: a folder stands above what it uses', () => {
    expect(cycles(edges)).toEqual([])
  })

  it('keep archive/ below the manifest, the pipeline and every adapter', () => {
    expect([...(edges.get('archive') ?? [])].sort()).toEqual(['diagnostics', 'input-limits'])
  })

  it('finds cycles when there are some (the check itself)', () => {
    const looped = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ])
    expect(cycles(looped)).toEqual([['a', 'b', 'c']])
  })
})
