import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/cli.js'

/**
 * Spreading an array into a call (`push(...list)`, `Math.max(...list)`)
 * passes every item as an argument, and past about 100,000 items the call
 * overflows the stack: a config of 130,000 duplicate keys once ended in
 * exit 3 that way. Each spread left in src/ is over a list whose size is
 * fixed or bounded far below that; this is the list, with the bound.
 */
const BOUNDED: Record<string, string> = {
  'src/cli/main.ts: Math.max ...COMMANDS': 'the command table',
  'src/cli/main.ts: Math.max ...flags': "one command's flags",
  'src/cli/commands/build.ts: Math.max ...listing': 'the files of an artifact folder (at most seven)',
  'src/cli/parse-cap-range.ts: Math.max ...parts': 'the three numbers of FROM..TO --step',
  'src/cli/report-table.ts: Math.max ...rows': "the report table's fixed rows",
  'src/render/line-chart.ts: Math.min ...ys': "a chart's points (the memo sweep's eight caps, or a frontier of at most 1,001 curve points)",
  'src/render/line-chart.ts: Math.max ...ys': 'the same points',
}

describe('no call spreads a list that input can make long', () => {
  it('every spread into a call in src/ is over a bounded list', () => {
    const src = join(ROOT, 'src')
    const found: string[] = []
    for (const file of (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(src, file), 'utf8')
      // A call to one of these with a spread among its arguments (not inside a nested call or an object).
      for (const match of text.matchAll(/\b((?:\w+\.)?(?:push|unshift|max|min|fromCharCode|fromCodePoint|apply|splice|concat))\([^(){}]*?\.\.\.(\w+)/g)) {
        found.push(`${relative(ROOT, join(src, file))}: ${match[1]} ...${match[2]}`)
      }
    }
    expect(found.filter((spread) => !(spread in BOUNDED)).sort()).toEqual([])
  })
})
