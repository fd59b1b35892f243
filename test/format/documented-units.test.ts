import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { QUANTITIES, describeUnit, type Unit } from '../../src/format/units.js'
import { formatsFitting } from '../../src/memo/format-value.js'
import { ROOT } from '../helpers/cli.js'

const doc = readFileSync(`${ROOT}/docs/model.md`, 'utf8')
const live = doc.slice(doc.indexOf('## Live numbers in memos'), doc.indexOf('## What the model leaves out'))

/** The cells of every table row in the live-numbers section whose first cell is a backticked name. */
function documentedRows(): Map<string, string[]> {
  const rows = new Map<string, string[]>()
  for (const line of live.split('\n')) {
    const cells = /^\| `([^`]+)` \|(.*)\|$/.exec(line)
    if (cells)
      rows.set(
        cells[1]!,
        cells[2]!.split('|').map((c) => c.trim()),
      )
  }
  return rows
}

describe('docs/model.md names every citable key with its unit', () => {
  const rows = documentedRows()
  const citable = Object.entries(QUANTITIES).filter(([path]) => !path.startsWith('inputs.'))

  it.each(citable.map(([path, quantity]) => [path.replace(/#/g, 'N'), quantity.unit] as const))('%s, in %s', (key, unit) => {
    expect(rows.get(key), `docs/model.md has no row for ${key}`).toBeDefined()
    expect(rows.get(key)![0]).toBe(unit)
  })

  it('marks every figure that is shown rounded down, and every figure that needs a node', () => {
    for (const [path, quantity] of citable) {
      const row = rows.get(path.replace(/#/g, 'N'))!
      expect(row.at(-1)!.includes('*down*'), path).toBe(quantity.roundDown === true)
      expect(row[1]!.includes('needs a node'), path).toBe(quantity.needsNodes === true)
      if (quantity.block) expect(row[1], path).toContain(quantity.block)
    }
  })

  it('shows each unit with the formats that fit it', () => {
    const units = new Set(Object.values(QUANTITIES).map((q) => q.unit))
    for (const unit of units) {
      const row = live.split('\n').find((line) => line.startsWith(`| ${unit} |`))
      expect(row, `${unit} (${describeUnit(unit as Unit)})`).toBeDefined()
      expect(row!.split('|').at(-2)!.trim()).toBe(formatsFitting(unit as Unit).join(', '))
    }
  })
})
