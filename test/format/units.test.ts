import { describe, expect, it } from 'vitest'
import { ClusterConfigSchema, resolveReferences, sweepCap, validateClusterConfig, type ClusterReport } from '../../src/index.js'
import { leafPaths } from '../../src/cluster/schema-shape.js'
import { derivedQuantities } from '../../src/memo/derived-quantities.js'
import { planeStudy } from '../../src/memo/plane-study.js'
import { formatsFitting } from '../../src/memo/format-value.js'
import { QUANTITIES, quantityAt, type Unit } from '../../src/format/units.js'
import { display, displayNumber, displayPower, roundDecimal } from '../../src/format/display.js'
import { fullConfigs, solve } from '../helpers/configs.js'

/** Every leaf of a value as dotted paths: `power_capping.frontier.0.nodes`. */
function leaves(value: unknown, prefix = ''): Array<[string, unknown]> {
  if (typeof value !== 'object' || value === null) return [[prefix, value]]
  return Object.entries(value).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key))
}

function fullReports(): ClusterReport[] {
  return fullConfigs().map((config) => {
    const validated = validateClusterConfig(JSON.stringify(config), 'full.json')
    if (!validated.ok) throw new Error(JSON.stringify(validated.diagnostics))
    return solve(validated.value.config)
  })
}

const kind = (unit: Unit) => (unit === 'text' ? 'string' : unit === 'flag' ? 'boolean' : 'number')

describe('every quantity has a unit, in one table', () => {
  const reports = fullReports()

  it('knows every key of a report with every block, and its unit fits the value', () => {
    for (const report of reports) {
      for (const [path, value] of leaves(report)) {
        const quantity = quantityAt(path)
        expect(quantity, path).toBeDefined()
        if (value !== null) expect([path, typeof value]).toEqual([path, kind(quantity!.unit)])
      }
    }
  })

  it('knows every key of the schema as the report echoes it under inputs', () => {
    for (const { path, type } of leafPaths(ClusterConfigSchema as never)) {
      if (path[0] === '$schema') continue
      const quantity = quantityAt(['inputs', ...path].join('.'))
      expect(quantity, path.join('.')).toBeDefined()
      expect([path.join('.'), kind(quantity!.unit)]).toEqual([path.join('.'), type === 'string' ? 'string' : type === 'boolean' ? 'boolean' : 'number'])
    }
  })

  it('knows every derived figure and every sweep field', () => {
    for (const report of reports) {
      for (const key of Object.keys(derivedQuantities(report))) expect(quantityAt(`derived.${key}`), key).toBeDefined()
      const swept = sweepCap(report.inputs, [1, 2])
      expect(swept.ok).toBe(true)
      if (swept.ok) for (const [path] of leaves(swept.value, 'sweep')) expect(quantityAt(path), path).toBeDefined()
    }
  })

  it('has no entry for a key that does not exist', () => {
    const known = new Set<string>()
    for (const report of reports) {
      const swept = sweepCap(report.inputs, [1])
      const planes = planeStudy(report.inputs)
      const all = [
        ...leaves(report),
        ...leaves(derivedQuantities(report), 'derived'),
        ...(swept.ok ? leaves(swept.value, 'sweep') : []),
        ...(planes.ok ? leaves(planes.value, 'by_planes') : []),
      ]
      for (const [path] of all) known.add(path.replace(/(^|\.)\d+(?=\.|$)/g, '$1#'))
    }
    for (const { path } of leafPaths(ClusterConfigSchema as never)) known.add(['inputs', ...path].join('.').replace(/(^|\.)\d+(?=\.|$)/g, '$1#'))
    // Figures the full configs leave out: the nameplate answer breaks their hall limit.
    for (const key of ['derived.extra_nodes_from_measured_power', 'derived.measured_power_gain']) known.add(key)
    expect(Object.keys(QUANTITIES).filter((key) => !known.has(key))).toEqual([])
  })

  it('lets a memo cite every key of a report with every block, with the formats of its unit', () => {
    for (const report of reports) {
      const cited = leaves(report)
        .filter(([path, value]) => value !== null && !path.startsWith('inputs.fabric.name'))
        .flatMap(([path]) => ['', ...formatsFitting(quantityAt(path)!.unit).map((f) => ` | ${f.replace(':N', ':2')}`)].map((f) => `{{ ${path}${f} }}`))
      const r = resolveReferences(`${cited.join('\n\n')}\n`, 'memo.md', report)
      expect(r.diagnostics.map((d) => d.message)).toEqual([])
    }
  })
})

describe('one display per quantity', () => {
  it.each([
    [4_998_844, 'W', '4,998,844 W'],
    [8.5, 'W', '8.5 W'],
    [4_998_843.75, 'W', '4,998,843.8 W'],
    [5, 'MW', '5 MW'],
    [6.25, 'MW', '6.25 MW'],
    [140, 'kW', '140 kW'],
    [0.778, 'fraction', '77.8%'],
    [0.0725, 'fraction', '7.3%'],
    [0.9375, 'ratio', '0.94:1'],
    [1, 'ratio', '1:1'],
    [3608, 'count', '3,608'],
    [721.6, 'GPUs/MW', '721.6'],
    [3867.341, 'GPU-eq', '3,867.3'],
    [400, 'Gb/s', '400 Gb/s'],
    [-1156.5, 'W', '-1,156.5 W'],
  ] as const)('shows %s (%s) as %s', (value, unit, text) => {
    expect(display(value, { unit })).toBe(text)
  })

  it('rounds a limit down and a draw to the nearest, from the exact decimal', () => {
    expect(display(529.084, { unit: 'W', roundDown: true })).toBe('529 W')
    expect(display(529.084, { unit: 'W' })).toBe('529.1 W')
    expect(roundDecimal(1.005, 2)).toBe('1.01')
    expect(roundDecimal(0.15, 1)).toBe('0.2')
    expect(displayNumber(0.893, { unit: 'fraction' })).toBe('0.893')
  })

  it('converts between power units exactly', () => {
    expect(displayPower(0.05, 'MW', 'W')).toBe('50,000 W')
    expect(displayPower(233_064, 'W', 'kW')).toBe('233.1 kW')
    expect(displayPower(140, 'kW', 'MW')).toBe('0.14 MW')
  })
})
