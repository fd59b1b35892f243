import { readFileSync } from 'node:fs'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/cli.js'
import { loadConfig, referenceConfig, solve } from '../helpers/configs.js'

/** The members of an interface (and of its nested object types) that have no JSDoc comment. */
function undocumented(file: string, name: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(`${ROOT}/${file}`, 'utf8'), ts.ScriptTarget.Latest, true)
  const missing: string[] = []
  let found = false
  const check = (members: ts.NodeArray<ts.TypeElement>, prefix: string) => {
    for (const member of members) {
      if (!ts.isPropertySignature(member)) continue
      const key = `${prefix}${member.name.getText(source)}`
      if (ts.getJSDocCommentsAndTags(member).length === 0) missing.push(key)
      const type = member.type && ts.isUnionTypeNode(member.type) ? member.type.types.find(ts.isTypeLiteralNode) : member.type
      if (type && ts.isTypeLiteralNode(type)) check(type.members, `${key}.`)
    }
  }
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === name) {
      found = true
      check(node.members, '')
    }
  })
  if (!found) throw new Error(`${file} has no interface ${name}`)
  return missing
}

describe('what users hover: every field of the report types has its JSDoc', () => {
  it.each([
    ['src/cluster/cluster-report.ts', 'ReportFields'],
    ['src/cluster/cap-sweep.ts', 'CapSweepPoint'],
    ['src/cluster/power-capping.ts', 'PowerCappingPoint'],
    ['src/cluster/power-capping.ts', 'PowerCappingResult'],
  ])('%s %s', (file, name) => {
    expect(undocumented(file, name)).toEqual([])
  })
})

describe('the ?report type', () => {
  /** The top-level members of ReportFields, in the order written. */
  function typedKeys(): string[] {
    const file = 'src/cluster/cluster-report.ts'
    const source = ts.createSourceFile(file, readFileSync(`${ROOT}/${file}`, 'utf8'), ts.ScriptTarget.Latest, true)
    const keys: string[] = []
    source.forEachChild((node) => {
      if (ts.isInterfaceDeclaration(node) && node.name.text === 'ReportFields')
        for (const member of node.members) if (ts.isPropertySignature(member)) keys.push(member.name.getText(source))
    })
    return keys
  }

  it('has every key of report v2, in the order the report writes them, with the v2 blocks and without them', () => {
    const bare = solve(referenceConfig())
    const full = solve(loadConfig('fixtures/examples/h100-measured-power/h100-measured-power.cluster.json'))
    expect(typedKeys()).toEqual(Object.keys(bare))
    expect(typedKeys()).toEqual(Object.keys(full))
  })

  it('is what the client types give a ?report import', () => {
    expect(readFileSync(`${ROOT}/src/client.d.ts`, 'utf8')).toContain("declare module '*.memo.md?report' {\n  const report: import('mwpack').ClusterReport")
  })
})
