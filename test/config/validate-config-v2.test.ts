import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic, validateClusterConfig, type Diagnostic } from '../../src/index.js'
import { ROOT } from '../helpers/cli.js'

const reference = readFileSync(`${ROOT}/fixtures/reference/h100-5mw-64port.cluster.json`, 'utf8')

function edited(from: string, to: string): string {
  if (!reference.includes(from)) throw new Error(`fixture has no ${from}`)
  return reference.replace(from, to)
}

function problems(text: string): Diagnostic[] {
  const result = validateClusterConfig(text, 'cluster.json')
  expect(result.ok).toBe(false)
  return result.diagnostics
}

function positionOf(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle)
  if (offset === -1) throw new Error(`no ${needle}`)
  const before = text.slice(0, offset).split('\n')
  return { line: before.length, column: before.at(-1)!.length + 1 }
}

const facility = '"facility": { "grid_mw": 6.25, "peak_pue": 1.25 }'

describe('the power budget: it_cap_mw or a facility block', () => {
  it('takes a facility block instead of it_cap_mw', () => {
    const result = validateClusterConfig(edited('"it_cap_mw": 5', facility), 'cluster.json')
    expect(result.ok && result.value.config).toMatchObject({ facility: { grid_mw: 6.25, peak_pue: 1.25 }, margin_fraction: 0 })
    expect(result.ok && result.value.config).not.toHaveProperty('it_cap_mw')
  })

  it('refuses both, at the facility block, naming both', () => {
    const text = edited('"it_cap_mw": 5,', `"it_cap_mw": 5,\n  ${facility},`)
    const [d] = problems(text)
    expect(formatDiagnostic(d!)).toBe(
      `cluster.json:${positionOf(text, '{ "grid_mw"').line}:${positionOf(text, '{ "grid_mw"').column}: error: the config has both it_cap_mw (5 MW) and a facility block (grid_mw 6.25, peak_pue 1.25); give one of them; keep facility to size from the grid connection (it_cap_w = grid_w / peak_pue), or it_cap_mw to size from the IT cap [MWP_CONFIG_CAP_SOURCE]`,
    )
  })

  it('refuses neither, at the top-level object, saying what to write', () => {
    const [d] = problems(edited('"it_cap_mw": 5,', ''))
    expect(d).toMatchObject({ code: 'MWP_CONFIG_CAP_SOURCE', position: { line: 1, column: 1 } })
    expect(d!.message).toBe('the config has neither it_cap_mw nor a facility block; give one of them')
    expect(d!.hint).toContain('"facility": { "grid_mw"')
  })

  it.each([
    ['"peak_pue": 1.25', '"peak_pue": 0.9', 'facility.peak_pue: expected a number >= 1, found 0.9'],
    ['"peak_pue": 1.25', '"peak_pue": 3.5', 'facility.peak_pue: expected a number <= 3, found 3.5'],
    ['"grid_mw": 6.25', '"grid_mw": 0', 'facility.grid_mw: expected a number >= 0.000000001 (one milliwatt), found 0'],
  ])('bounds the facility block: %s as %s', (from, to, message) => {
    const text = edited('"it_cap_mw": 5', facility).replace(from, to)
    const found = problems(text)
    expect(found.map((d) => d.message)).toEqual([message])
    expect(found[0]!.position).toEqual(positionOf(text, to.split(': ')[1]!))
  })

  it('keeps the margin between 0 and 0.5', () => {
    const text = edited('"it_cap_mw": 5,', '"it_cap_mw": 5,\n  "margin_fraction": 0.6,')
    expect(problems(text).map((d) => [d.code, d.message])).toEqual([['MWP_CONFIG_RANGE', 'margin_fraction: expected a number <= 0.5, found 0.6']])
  })

  it('knows the facility keys: a misspelt one gets a did-you-mean', () => {
    const found = problems(edited('"it_cap_mw": 5', '"facility": { "grid_mw": 6.25, "peak_pu": 1.25 }'))
    expect(found.find((d) => d.code === 'MWP_CONFIG_UNKNOWN_KEY')!.hint).toBe('did you mean "peak_pue"?')
    expect(found.find((d) => d.code === 'MWP_CONFIG_MISSING_KEY')!.message).toBe('missing required key "facility.peak_pue"')
  })
})

describe('racks', () => {
  const withRack = (rack: string, node = '') =>
    edited('"it_cap_mw": 5,', `"it_cap_mw": 5,\n  "rack": ${rack},`).replace('"ports_per_nic_to_fabric": 1', `"ports_per_nic_to_fabric": 1${node}`)

  it('fills rack_w and whole_racks in', () => {
    const result = validateClusterConfig(withRack('{ "nodes_per_rack": 4 }'), 'cluster.json')
    expect(result.ok && result.value.config.rack).toEqual({ nodes_per_rack: 4, rack_w: 0, whole_racks: false })
  })

  it('refuses a full rack above the hall limit at nodes_per_rack, saying how many nodes fit', () => {
    const text = withRack('{ "nodes_per_rack": 18, "rack_w": 10800, "max_rack_kw": 140 }')
    const [d] = problems(text)
    expect(d).toMatchObject({ code: 'MWP_CONFIG_RACK_POWER', path: 'rack.nodes_per_rack', position: positionOf(text, '18,') })
    expect(d!.message).toBe('a full rack of 18 nodes draws 194,400 W (18 x 10,200 W + rack_w 10,800 W), above rack.max_rack_kw = 140 kW; 12 nodes fit a rack')
    expect(d!.hint).toBe('set nodes_per_rack to 12, raise max_rack_kw, or budget nodes at measured power (node.provisioned_w)')
  })

  it('measures the rack at provisioned power when the node has it', () => {
    expect(validateClusterConfig(withRack('{ "nodes_per_rack": 16, "max_rack_kw": 140 }', ', "provisioned_w": 8400'), 'cluster.json').ok).toBe(true)
    expect(problems(withRack('{ "nodes_per_rack": 17, "max_rack_kw": 140 }', ', "provisioned_w": 8400'))[0]!.message).toContain('16 nodes fit a rack')
  })

  it('says not even one node fits when the rack power alone passes the limit', () => {
    const [d] = problems(withRack('{ "nodes_per_rack": 2, "rack_w": 150000, "max_rack_kw": 140 }'))
    expect(d!.message).toContain('0 nodes fit a rack')
    expect(d!.hint).toContain('check the units')
  })

  it('refuses a rack written as a list, once', () => {
    expect(problems(withRack('[18]')).map((d) => d.message)).toEqual(['rack: expected an object, found an array'])
  })
})

describe('fabric planes', () => {
  it('refuses planes that do not divide the fabric ports, listing the ones that do', () => {
    const text = edited('"rail_optimized": true', '"rail_optimized": true,\n    "planes": 3')
    const [d] = problems(text)
    expect(d).toMatchObject({ code: 'MWP_CONFIG_PLANES', path: 'fabric.planes', position: positionOf(text, '3\n') })
    expect(d!.message).toBe(
      "fabric.planes = 3 does not divide the node's 8 fabric ports (nics_per_node 8 x ports_per_nic_to_fabric 1); each plane takes an equal share",
    )
    expect(d!.hint).toBe('use one of 1, 2, 4, 8')
  })
})

describe('measured node power', () => {
  const capped = (provisioned: number) =>
    edited('"ports_per_nic_to_fabric": 1', `"ports_per_nic_to_fabric": 1,\n    "provisioned_w": ${provisioned}`).replace(
      '"it_cap_mw": 5,',
      '"it_cap_mw": 5,\n  "power_capping": { "curve": [[0.5, 0.7], [1, 1]] },',
    )

  it('refuses a provisioned node that would draw nothing once its GPUs are capped to min_fraction', () => {
    const text = capped(2800)
    const [d] = problems(text)
    expect(d).toMatchObject({ code: 'MWP_CONFIG_CAPPED_NODE_POWER', path: 'node.provisioned_w', position: positionOf(text, '2800') })
    expect(d!.message).toBe('at min_fraction 0.5 a node would draw 0 W: node.provisioned_w = 2800 leaves nothing once its 8 GPUs drop to 0.5 of 700 W')
  })

  it('names the nameplate, never an absent provisioned_w, when a node without one would draw less than a milliwatt once capped', () => {
    const text = edited('"it_cap_mw": 5,', '"it_cap_mw": 5,\n  "power_capping": { "curve": [[0.5, 0.7], [1, 1]] },')
      .replace('"gpus_per_node": 8', '"gpus_per_node": 1')
      .replace(/"(gpu|cpu|dram|nvme|nic|node_aux)_w": [0-9.]+/g, (_, part: string) => `"${part}_w": ${part === 'gpu' ? 0.001 : 0}`)
    const [d] = problems(text)
    expect(d).toMatchObject({ code: 'MWP_CONFIG_CAPPED_NODE_POWER' })
    expect(d!.message).toBe(
      'at min_fraction 0.5 a node would draw less than 0.001 W, the smallest power mwpack counts: its nameplate of 0.001 W (the node has no provisioned_w) leaves nothing once its 1 GPU drops to 0.5 of 0.001 W',
    )
    expect(d!.hint).toBe('raise node.gpu_w or another node part, or raise power_capping.min_fraction')
    expect(problems(text.replace('"gpu_w": 0.001', '"gpu_w": 0.002')).map((d) => d.code)).not.toContain('MWP_CONFIG_CAPPED_NODE_POWER')
  })

  it('takes one that keeps drawing', () => {
    expect(validateClusterConfig(capped(2800.001), 'cluster.json').ok).toBe(true)
  })
})

describe('rules run only on values that passed their own checks', () => {
  it('says nothing about the rack when the node it is measured with is already wrong', () => {
    const text = edited('"it_cap_mw": 5,', '"it_cap_mw": 5,\n  "rack": { "nodes_per_rack": 18, "max_rack_kw": 1 },').replace('"gpu_w": 700', '"gpu_w": "700"')
    expect(problems(text).map((d) => d.code)).toEqual(['MWP_CONFIG_TYPE'])
  })
})
