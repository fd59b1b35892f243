import { describe, expect, it } from 'vitest'
import { configSizings, sizeConfigFile, type SourceFile } from '../../src/index.js'
import { referenceConfig } from '../helpers/configs.js'

const bytesOf = (config: object) => new TextEncoder().encode(`${JSON.stringify(config, null, 2)}\n`)
const file = (name: string, config: object): SourceFile => ({ file: name, bytes: bytesOf(config) })
const sized = (outcome: ReturnType<typeof sizeConfigFile>) => {
  if (!outcome.ok) throw new Error(`expected a sized config: ${JSON.stringify(outcome.diagnostics)}`)
  return outcome.value
}

/** Every object and array in `value` is frozen. */
function deeplyFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true
  return Object.isFrozen(value) && Object.values(value).every(deeplyFrozen)
}

describe('sizing each distinct config once', () => {
  it('gives a copy of a config under another name the same report, sized once', () => {
    const sizeConfig = configSizings()
    const first = sizeConfig(file('a/cluster.json', referenceConfig()))
    const copy = sizeConfig(file('b/cluster.json', referenceConfig()))
    expect(sized(copy).report).toBe(sized(first).report)
    expect(copy).toEqual(sizeConfigFile(file('b/cluster.json', referenceConfig())))
  })

  it('freezes a report it shares, so no memo can change what another reads', () => {
    const report = sized(configSizings()(file('cluster.json', referenceConfig()))).report
    expect(deeplyFrozen(report)).toBe(true)
    expect(() => {
      ;(report as { nodes: number }).nodes = 1
    }).toThrow(TypeError)
  })

  it('sizes a config again when its bytes change, however little', () => {
    const sizeConfig = configSizings()
    const before = sized(sizeConfig(file('cluster.json', referenceConfig({ it_cap_mw: 5 })))).report
    const after = sized(sizeConfig(file('cluster.json', referenceConfig({ it_cap_mw: 4 })))).report
    expect(after).not.toBe(before)
    expect(after).toEqual(sized(sizeConfigFile(file('cluster.json', referenceConfig({ it_cap_mw: 4 })))).report)
  })

  it('places a warning in the file it was sized from, when a copy under another name has the same bytes', () => {
    const sizeConfig = configSizings()
    const warned = referenceConfig({ min_nodes: 100_000 })
    const first = sizeConfig(file('a/cluster.json', warned))
    const copy = sizeConfig(file('b/cluster.json', warned))
    expect(first.diagnostics.length).toBeGreaterThan(0)
    expect(first.diagnostics.map((d) => d.file)).toEqual(first.diagnostics.map(() => 'a/cluster.json'))
    expect(copy).toEqual(sizeConfigFile(file('b/cluster.json', warned)))
    expect(copy.diagnostics.map((d) => d.file)).toEqual(copy.diagnostics.map(() => 'b/cluster.json'))
  })

  it('reports a broken config in each file that holds it', () => {
    const sizeConfig = configSizings()
    const broken = { ...referenceConfig(), it_cap_mw: -1 }
    expect(sizeConfig(file('a.cluster.json', broken)).ok).toBe(false)
    const again = sizeConfig(file('b.cluster.json', broken))
    expect(again).toEqual(sizeConfigFile(file('b.cluster.json', broken)))
    expect(again.diagnostics[0]?.file).toBe('b.cluster.json')
  })

  it('keeps the configs used last, up to its number, and sizes a config let go again', () => {
    const sizeConfig = configSizings(2)
    const report = (mw: number) => sized(sizeConfig(file('cluster.json', referenceConfig({ it_cap_mw: mw })))).report
    const three = report(3)
    const four = report(4)
    expect(report(3)).toBe(three) // used again: now the most recent
    report(5) // a third: the least recently used (4 MW) goes
    expect(report(3)).toBe(three)
    expect(report(4)).not.toBe(four)
  })
})
