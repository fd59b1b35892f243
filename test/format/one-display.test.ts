import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/cli.js'
import { inProcess } from '../helpers/in-process.js'
import { tempDir } from '../helpers/tree.js'

// One figure once read four ways (762.7 W in prose, 762.6 W in the memo's table, 762.675 W in
// mwpack size, 762.7 in the sweep). Every place a report key is shown must show what the memo's
// live number shows for that key in that unit: prose, the memo's tables, the rendered page's
// panel and charts, the mwpack size table and the sweep table.

/** The live numbers this test compares against, one per line as `key|format: text`. */
const CITED = [
  'it_cap_w | mw',
  'it_cap_w | w',
  'usable_cap_w | mw',
  'usable_cap_w | w',
  'headroom_w | mw',
  'headroom_w | w',
  'margin_w | mw',
  'margin_w | w',
  'p_total_w | mw',
  'p_total_w | w',
  'p_total_w',
  'facility_w | mw',
  'facility_w | w',
  'facility_w',
  'grid_w | mw',
  'grid_w | w',
  'peak_pue',
  'gpus_per_mw',
  'gpus_per_grid_mw',
  'rack_power_w | w',
  'p_rack_w | mw',
  'p_rack_w | w',
  'sweep.3.it_cap_mw',
  'sweep.3.gpus_per_mw',
]

const CAPPING = ['power_capping.gpu_power_w | w', 'power_capping.fraction | pct']

interface Places {
  live: Map<string, string>
  memo: string
  html: string
  size: string
  sweep: string[]
}

/** Renders a memo citing `cited` and its tables for an example, and runs mwpack size and a one-point sweep at its own budget. */
async function places(example: string, cited: readonly string[], tables: readonly string[], budget: string): Promise<Places> {
  const dir = tempDir('mwpack-one-display-')
  cpSync(`${ROOT}/fixtures/examples/${example}/${example}.cluster.json`, join(dir, 'x.cluster.json'))
  const lines = cited.map((ref) => `- ${ref}: {{ ${ref} }}`)
  writeFileSync(join(dir, 'x.memo.md'), ['# One display', '', ...lines, '', ...tables.flatMap((t) => [`{{ table ${t} }}`, '']), 'End.', ''].join('\n'))
  const rendered = await inProcess(['render', 'x.memo.md', '--out', 'out'], { cwd: dir })
  expect(rendered.code, rendered.stderr).toBe(0)
  const memo = readFileSync(join(dir, 'out/memo.md'), 'utf8')
  const live = new Map(cited.map((ref) => [ref, new RegExp(`^- ${ref.replace(/[|.]/g, (c) => `\\${c}`)}: (.*)$`, 'm').exec(memo)![1]!]))
  const size = await inProcess(['size', 'x.cluster.json'], { cwd: dir })
  expect(size.code).toBe(0)
  const sweep = await inProcess(['size', 'x.cluster.json', '--sweep-cap', `${budget}..${budget}`, '--step', '1'], { cwd: dir })
  expect(sweep.code).toBe(0)
  return { live, memo, html: readFileSync(join(dir, 'out/memo.html'), 'utf8'), size: size.stdout, sweep: sweep.stdout.trimEnd().split('\n').slice(-2) }
}

/** The cells of the sweep table's one row, by column title. */
function sweepRow([head, row]: string[]): Map<string, string> {
  const titles = head!.trim().split(/\s{2,}/)
  return new Map(titles.map((title, i) => [title, row!.trim().split(/\s+/)[i]!]))
}

/** The value of a line of the mwpack size table: `  IT cap    16,666,666.6 W`. */
function sizeLine(size: string, label: string): string {
  return new RegExp(`^  ${label}  +(.+)$`, 'm').exec(size)![1]!
}

describe('one key reads the same in every place it is shown', () => {
  describe('a hall fed by a grid connection, with racks and a margin', () => {
    let at: Places
    beforeAll(async () => {
      at = await places('gb200-nvl72-grid', CITED, ['sizing', 'power', 'sweep'], '20')
    })
    const live = (ref: string) => at.live.get(ref)!

    it('has figures that rounding could split: a cap of 16,666,666.666 W, rounded down', () => {
      expect(live('it_cap_w | w')).toBe('16,666,666.6 W')
      expect(live('it_cap_w | mw')).toBe('16.666 MW')
      expect(live('usable_cap_w | w')).toBe('15,833,333.3 W')
    })

    it("in the memo's sizing, power and sweep tables", () => {
      expect(at.memo).toContain(`| IT power cap | ${live('it_cap_w | mw')} |`)
      expect(at.memo).toContain(`| Grid connection | ${live('grid_w | mw')} at peak PUE ${live('peak_pue')} |`)
      expect(at.memo).toContain(`| GPUs per MW | ${live('gpus_per_mw')} |`)
      expect(at.memo).toContain(`(${live('margin_w | mw')}) |`)
      expect(at.memo).toContain(`| Total | ${live('p_total_w | w')} |`)
      expect(at.memo).toContain(`| Racks | ${live('p_rack_w | w')} |`)
      expect(at.memo).toContain(`| Margin | ${live('margin_w | w')} |`)
      expect(at.memo).toContain(`| Headroom | ${live('headroom_w | w')} |`)
      expect(at.memo).toContain(`| ${live('grid_w | mw')} (this memo) |`)
      expect(at.memo).toMatch(new RegExp(`\\(this memo\\) \\| [\\d,]+ \\| [\\d,]+ \\| ${live('sweep.3.gpus_per_mw')} \\|`))
    })

    it("in the rendered page's panel and power chart", () => {
      expect(at.html).toContain(`<th scope="row">IT power cap</th><td>${live('it_cap_w | mw')}</td>`)
      expect(at.html).toContain(`<th scope="row">Total IT power</th><td>${live('p_total_w | mw')} of ${live('usable_cap_w | mw')}</td>`)
      expect(at.html).toContain(`<th scope="row">At the meter</th><td>${live('facility_w | mw')}</td>`)
      expect(at.html).toContain(`<title id="power-chart-title">Where the ${live('it_cap_w | mw')} IT cap goes</title>`)
      // Every term the memo's power table has, the chart has: racks and the margin too.
      for (const [label, ref] of [
        ['Racks', 'p_rack_w | mw'],
        ['Margin', 'margin_w | mw'],
        ['Headroom', 'headroom_w | mw'],
      ])
        expect(at.html).toMatch(new RegExp(`>${label}</text>.*?<text [^>]*>${live(ref!)} \\(`, 's'))
    })

    it('in the mwpack size table', () => {
      expect(sizeLine(at.size, 'IT cap')).toBe(live('it_cap_w | w'))
      expect(sizeLine(at.size, 'usable cap')).toBe(live('usable_cap_w | w'))
      expect(sizeLine(at.size, 'design margin')).toMatch(new RegExp(`^${live('margin_w | w')} `))
      expect(sizeLine(at.size, 'grid connection')).toBe(`${live('grid_w | w')} at peak PUE ${live('peak_pue')}`)
      expect(sizeLine(at.size, 'GPUs per MW')).toBe(live('gpus_per_mw'))
      expect(sizeLine(at.size, 'GPUs per MW at the meter')).toBe(live('gpus_per_grid_mw'))
      expect(sizeLine(at.size, 'full rack')).toMatch(new RegExp(`^${live('rack_power_w | w')} `))
      expect(sizeLine(at.size, 'racks')).toMatch(/^112 of 18 nodes/)
      expect(sizeLine(at.size, 'total')).toBe(live('p_total_w | w'))
      expect(sizeLine(at.size, 'at the meter')).toBe(live('facility_w | w'))
      expect(sizeLine(at.size, 'headroom')).toBe(live('headroom_w | w'))
    })

    it('in the sweep table, its unit in the header', () => {
      const row = sweepRow(at.sweep)
      expect(`${row.get('IT cap MW')} MW`).toBe(live('it_cap_w | mw'))
      expect(row.get('IT cap MW')).toBe(live('sweep.3.it_cap_mw'))
      expect(row.get('GPUs/MW')).toBe(live('gpus_per_mw'))
      expect(row.get('draw W')).toBe(live('p_total_w'))
      expect(row.get('meter W')).toBe(live('facility_w'))
    })
  })

  describe('a per-GPU power limit, which every place rounds down', () => {
    let at: Places
    let limit: string
    beforeAll(async () => {
      at = await places('h100-measured-power', CAPPING, ['capping'], '5')
      limit = at.live.get('power_capping.gpu_power_w | w')!
    })

    it('is 489.752 W in the report and 489.7 W wherever it is shown', () => {
      expect(limit).toBe('489.7 W')
      expect(at.memo).toContain(`| best: ${at.live.get('power_capping.fraction | pct')} (${limit}) |`)
      expect(at.html).toContain(`(${limit})`)
      expect(sizeLine(at.size, 'GPU power limit')).toMatch(new RegExp(`^${limit} per GPU`))
      expect(`${sweepRow(at.sweep).get('GPU W')} W`).toBe(limit)
    })
  })
})
