import { readFileSync } from 'node:fs'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/cli.js'

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
