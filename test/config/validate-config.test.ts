import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic, validateClusterConfig, type Diagnostic } from '../../src/index.js'
import { ROOT } from '../helpers/cli.js'

const reference = readFileSync(`${ROOT}/fixtures/reference/h100-5mw-64port.cluster.json`, 'utf8')

/** The reference config with one JSON fragment replaced, so positions stay easy to reason about. */
function edited(from: string, to: string): string {
  if (!reference.includes(from)) throw new Error(`fixture has no ${from}`)
  return reference.replace(from, to)
}

function problems(text: string): Diagnostic[] {
  const result = validateClusterConfig(text, '5mw.cluster.json')
  expect(result.ok).toBe(false)
  return result.diagnostics
}

/** 1-based line and column of the first occurrence of `needle`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle)
  const before = text.slice(0, offset).split('\n')
  return { line: before.length, column: before.at(-1)!.length + 1 }
}

describe('cluster.json validation', () => {
  it('accepts the reference config and fills in the defaults', () => {
    const result = validateClusterConfig(reference, 'ref.json')
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.config).toMatchObject({ min_nodes: 0, other_it_w: 0 })
    expect(result.value.config.fabric.core).toEqual(result.value.config.fabric.spine)
  })

  it('reports an overfull leaf at the host-port value, in the words of the issue', () => {
    const text = edited('"leaf_uplink_ports": 32', '"leaf_uplink_ports": 40')
    const [d] = problems(text)
    expect(d!.code).toBe('MWP_CONFIG_LEAF_PORTS')
    expect(d!.position).toEqual({ line: positionOf(text, '"leaf_host_ports"').line, column: positionOf(text, '32,\n    "leaf_uplink').column })
    expect(formatDiagnostic(d!)).toMatch(
      /^5mw\.cluster\.json:\d+:24: error: fabric\.leaf_host_ports \+ fabric\.leaf_uplink_ports = 72 exceeds fabric\.leaf\.ports = 64/,
    )
  })

  it('reports every problem at once, top to bottom', () => {
    const text = edited('"gpu_w": 700', '"gpu_w": -700').replace('"nvme_w": 200', '"nvme_w": true').replace('"host_link_gbps": 400', '"host_link_gbps": "400"')
    expect(problems(text).map((d) => [d.code, d.path])).toEqual([
      ['MWP_CONFIG_RANGE', 'node.gpu_w'],
      ['MWP_CONFIG_TYPE', 'node.nvme_w'],
      ['MWP_CONFIG_TYPE', 'fabric.host_link_gbps'],
    ])
  })

  it('says what it found and what it expected', () => {
    const text = edited('"nvme_w": 200', '"nvme_w": true')
    const [d] = problems(text)
    expect(d!.message).toBe('node.nvme_w: expected a number, found true (a boolean)')
    expect(d!.position).toEqual(positionOf(text, 'true'))
  })

  it.each([
    ['"gpus_per_node": 8', '"gpus_per_node": 8.5', 'MWP_CONFIG_NOT_INTEGER', 'expected a whole number, found 8.5'],
    ['"gpus_per_node": 8', '"gpus_per_node": 8.0', 'MWP_CONFIG_NOT_INTEGER', 'written without a fraction or exponent, found 8.0'],
    ['"nics_per_node": 8', '"nics_per_node": 8e0', 'MWP_CONFIG_NOT_INTEGER', 'found 8e0'],
    ['"gpu_w": 700', '"gpu_w": 0', 'MWP_CONFIG_RANGE', 'expected a number >= 0.001 (one milliwatt), found 0'],
    ['"gpu_w": 700', '"gpu_w": 0.0001', 'MWP_CONFIG_RANGE', 'expected a number >= 0.001 (one milliwatt), found 0.0001'],
    ['"cpu_w": 700', '"cpu_w": -1', 'MWP_CONFIG_RANGE', 'expected a number >= 0, found -1'],
    ['"gpu_w": 700', '"gpu_w": 1e400', 'MWP_CONFIG_RANGE', 'expected a finite number, found 1e400'],
    ['"gpu_w": 700', '"gpu_w": 7e12', 'MWP_CONFIG_RANGE', 'expected a number <= 1000000, found 7e12'],
    ['"it_cap_mw": 5', '"it_cap_mw": null', 'MWP_CONFIG_TYPE', 'expected a number, found null'],
    ['"name": "64-port 400G switch", "ports": 64', '"name": "", "ports": 64', 'MWP_CONFIG_RANGE', 'expected a non-empty string'],
    ['"rail_optimized": true', '"rail_optimized": "yes"', 'MWP_CONFIG_TYPE', 'expected true or false, found "yes" (a string)'],
    ['"leaf": { "name": "64-port 400G switch", "ports": 64, "w": 747 }', '"leaf": [64]', 'MWP_CONFIG_TYPE', 'fabric.leaf: expected an object, found an array'],
  ])('rejects %s written as %s', (from, to, code, words) => {
    const text = edited(from, to)
    const found = problems(text)
    expect(found.map((d) => d.code)).toContain(code)
    expect(found.find((d) => d.code === code)!.message).toContain(words)
  })

  it('rejects an unknown key with a did-you-mean hint at the key', () => {
    const text = edited('"gpus_per_node": 8', '"gpus_per_nodes": 8')
    const found = problems(text)
    const unknown = found.find((d) => d.code === 'MWP_CONFIG_UNKNOWN_KEY')!
    expect(unknown.hint).toBe('did you mean "gpus_per_node"?')
    expect(unknown.position).toEqual(positionOf(text, '"gpus_per_nodes"'))
    expect(found.find((d) => d.code === 'MWP_CONFIG_MISSING_KEY')!.message).toBe('missing required key "node.gpus_per_node"')
  })

  it('says where a key belongs when it is in the wrong object', () => {
    const text = edited('"it_cap_mw": 5,', '"it_cap_mw": 5,\n  "gpu_w": 700,')
    expect(problems(text).find((d) => d.code === 'MWP_CONFIG_UNKNOWN_KEY')!.hint).toBe('"gpu_w" belongs in "node"')
  })

  it('reports a missing key at the object that lacks it', () => {
    const text = edited('    "leaf_uplink_ports": 32,\n', '')
    const [d] = problems(text)
    expect(d).toMatchObject({ code: 'MWP_CONFIG_MISSING_KEY', path: 'fabric.leaf_uplink_ports', position: positionOf(text, '{\n    "name": "rail') })
  })

  it('rejects duplicate keys, naming both places', () => {
    const text = edited('"gpu_w": 700,', '"gpu_w": 700,\n    "gpu_w": 1000,')
    const [d] = problems(text)
    expect(d!.code).toBe('MWP_JSON_DUPLICATE_KEY')
    const first = positionOf(text, '"gpu_w"')
    expect(d!.message).toBe(`duplicate key "gpu_w" (first at line ${first.line}, column ${first.column})`)
    expect(d!.position!.line).toBe(first.line + 1)
  })

  it('rejects a trailing comma at the bracket that follows it', () => {
    const text = edited('"rail_optimized": true', '"rail_optimized": true,')
    const [d] = problems(text)
    expect(d).toMatchObject({ code: 'MWP_JSON_SYNTAX', position: positionOf(text, '}\n}') })
  })

  it.each([
    ['a comment', '"it_cap_mw": 5,', '"it_cap_mw": 5, // five megawatts'],
    ['NaN', '"it_cap_mw": 5', '"it_cap_mw": NaN'],
    ['Infinity', '"it_cap_mw": 5', '"it_cap_mw": Infinity'],
    ['a single-quoted string', '"name": "64-port 400G switch", "ports": 64', "'name': 'x', \"ports\": 64"],
  ])('rejects %s as a JSON syntax error with its position', (_, from, to) => {
    const text = edited(from, to)
    const [d] = problems(text)
    expect(d!.code).toBe('MWP_JSON_SYNTAX')
    expect(d!.position!.line).toBe(positionOf(text, to).line)
  })

  it('rejects a document that is not an object, and one that is empty', () => {
    expect(problems('[1, 2]')[0]!.code).toBe('MWP_CONFIG_NOT_OBJECT')
    expect(problems('  \n')[0]!.code).toBe('MWP_FILE_EMPTY')
    expect(problems('')[0]!.code).toBe('MWP_FILE_EMPTY')
  })

  it('treats a "__proto__" key as an unknown key, not as a prototype', () => {
    const text = edited('"it_cap_mw": 5,', '"it_cap_mw": 5,\n  "__proto__": { "min_nodes": 3 },')
    expect(problems(text).map((d) => d.code)).toEqual(['MWP_CONFIG_UNKNOWN_KEY'])
  })

  it('catches a unit slip that would size more than a billion nodes', () => {
    const text = edited('"it_cap_mw": 5', '"it_cap_mw": 5000').replace(/"(gpu|cpu|dram|nvme|nic|node_aux)_w": \d+/g, '"$1_w": 0.001')
    const [d] = problems(text)
    expect(d).toMatchObject({ code: 'MWP_CONFIG_SCALE', path: 'it_cap_mw' })
    expect(d!.hint).toContain('units')
  })

  describe('a power-capping curve', () => {
    const withCapping = (block: string) => edited('"it_cap_mw": 5,', `"it_cap_mw": 5,\n  "power_capping": ${block},`)

    it('takes [power_fraction, throughput_fraction] pairs and defaults min_fraction to the first point', () => {
      const result = validateClusterConfig(withCapping('{ "curve": [[0.6, 0.8], [0.8, 0.95], [1, 1]] }'), '5mw.cluster.json')
      expect(result.ok && result.value.config.power_capping).toEqual({
        curve: [
          [0.6, 0.8],
          [0.8, 0.95],
          [1, 1],
        ],
        min_fraction: 0.6,
      })
    })

    it('must cover [min_fraction, 1], rise in power, never fall in throughput, and end at [1, 1]', () => {
      const text = withCapping('{ "min_fraction": 0.4, "curve": [[0.6, 0.8], [0.5, 0.7], [0.9, 0.95]] }')
      expect(problems(text).map((d) => [d.path, d.message])).toEqual([
        [
          'power_capping.min_fraction',
          "power_capping.min_fraction = 0.4 is below the curve's first power fraction 0.6; the curve must cover [min_fraction, 1]",
        ],
        ['power_capping.curve[1][0]', "power_capping.curve[1]: power fraction 0.5 must be greater than the previous point's 0.6"],
        [
          'power_capping.curve[1][1]',
          "power_capping.curve[1]: throughput fraction 0.7 is below the previous point's 0.8; throughput must not fall as power rises",
        ],
        ['power_capping.curve[2][0]', 'the last power_capping.curve point must be [1, 1] (full power, full throughput), found [0.9, 0.95]'],
      ])
    })

    it('names the pair shape when a point is an object, a single number or a triple, with a rewrite for the object', () => {
      const text = withCapping('{ "curve": [{ "fraction": 0.5, "throughput": 0.7 }, [0.7], [0.8, 0.9, 1], [1, 1]] }')
      const found = problems(text)
      expect(found.map((d) => [d.code, d.path, d.message])).toEqual([
        ['MWP_CONFIG_CURVE', 'power_capping.curve[0]', 'power_capping.curve[0]: expected a [power_fraction, throughput_fraction] pair, found an object'],
        ['MWP_CONFIG_CURVE', 'power_capping.curve[1]', 'power_capping.curve[1]: expected a [power_fraction, throughput_fraction] pair, found 1 value'],
        ['MWP_CONFIG_CURVE', 'power_capping.curve[2]', 'power_capping.curve[2]: expected a [power_fraction, throughput_fraction] pair, found 3 values'],
      ])
      expect(found[0]!.hint).toBe('write [0.5, 0.7]')
      expect(found[0]!.position).toEqual(positionOf(text, '{ "fraction"'))
    })

    it('keeps fractions in (0, 1] and refuses an empty curve, with positions', () => {
      const found = problems(withCapping('{ "curve": [[0, 0.5], [1.2, 1], ["1", 1]] }'))
      expect(found.map((d) => [d.path, d.message])).toEqual([
        ['power_capping.curve[0][0]', 'power_capping.curve[0][0]: expected a number > 0, found 0'],
        ['power_capping.curve[1][0]', 'power_capping.curve[1][0]: expected a number <= 1, found 1.2'],
        ['power_capping.curve[2][0]', 'power_capping.curve[2][0]: expected a number, found "1" (a string)'],
      ])
      expect(problems(withCapping('{ "curve": [] }')).map((d) => d.message)).toEqual(['power_capping.curve: expected at least 1 item, found an array'])
    })
  })

  it('refuses JSON nested deeper than any config, before a parser could overflow its stack', () => {
    const [d] = problems(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)
    expect(d).toMatchObject({ code: 'MWP_JSON_LIMIT', position: { line: 1, column: 65 } })
    expect(d!.message).toBe('the JSON is nested more than 64 levels deep; mwpack reads at most 64')
  })
})
