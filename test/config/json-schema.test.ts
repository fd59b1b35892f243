import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs build script, typed by its JSDoc
import { SCHEMA_PATH, clusterJsonSchema } from '../../scripts/cluster-json-schema.mjs'
import { CAP_SOURCES, ClusterConfigSchema } from '../../src/index.js'
import { ROOT } from '../helpers/cli.js'

describe('schemas/cluster.schema.json', () => {
  it('is exactly what the valibot schema generates (run `npm run schema` after changing it)', () => {
    expect(readFileSync(`${ROOT}/${SCHEMA_PATH}`, 'utf8')).toBe(clusterJsonSchema(ClusterConfigSchema, CAP_SOURCES))
  })

  it('is JSON Schema 2020-12 with closed objects, so editors flag unknown keys', () => {
    const schema = JSON.parse(readFileSync(`${ROOT}/${SCHEMA_PATH}`, 'utf8'))
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(schema.additionalProperties).toBe(false)
    expect(schema.properties.node.additionalProperties).toBe(false)
    expect(schema.properties.node.properties.gpus_per_node.type).toBe('integer')
  })

  it('describes a capping curve point as a closed [power_fraction, throughput_fraction] pair', () => {
    const schema = JSON.parse(readFileSync(`${ROOT}/${SCHEMA_PATH}`, 'utf8'))
    const capping = schema.properties.power_capping
    expect(capping.required).toEqual(['curve'])
    const point = capping.properties.curve.items
    expect(point).toMatchObject({ type: 'array', minItems: 2, items: false })
    expect(point.prefixItems.map((p: { exclusiveMinimum: number; maximum: number }) => [p.exclusiveMinimum, p.maximum])).toEqual([
      [0, 1],
      [0, 1],
    ])
  })

  it.each([
    'playground/5mw.cluster.json',
    'fixtures/reference/h100-5mw-64port.cluster.json',
    'fixtures/examples/gb200-nvl72-grid/gb200-nvl72-grid.cluster.json',
    'fixtures/examples/h100-measured-power/h100-measured-power.cluster.json',
    'fixtures/examples/b300-twin-plane/b300-twin-plane.cluster.json',
  ])('is named by the example %s so editors complete keys', (file) => {
    const config = JSON.parse(readFileSync(`${ROOT}/${file}`, 'utf8'))
    expect(config.$schema).toMatch(/schemas\/cluster\.schema\.json$/)
    // The relative path resolves from the example's folder to the committed schema.
    expect(existsSync(resolve(dirname(`${ROOT}/${file}`), config.$schema))).toBe(true)
  })
})

describe('the JSON Schema of the v2 blocks', () => {
  const schema = JSON.parse(readFileSync(`${ROOT}/${SCHEMA_PATH}`, 'utf8'))

  it('completes facility, rack, margin, other IT per node, provisioned power and planes, each closed and bounded', () => {
    expect(schema.properties.facility).toMatchObject({
      additionalProperties: false,
      required: ['grid_mw', 'peak_pue'],
      properties: { grid_mw: { minimum: 0.000000001 }, peak_pue: { minimum: 1, maximum: 3 } },
    })
    expect(schema.properties.rack).toMatchObject({
      additionalProperties: false,
      required: ['nodes_per_rack'],
      properties: { nodes_per_rack: { type: 'integer', minimum: 1 }, rack_w: { default: 0 }, whole_racks: { type: 'boolean', default: false } },
    })
    expect(schema.properties.it_cap_mw).toMatchObject({ minimum: 0.000000001, maximum: 100_000 })
    expect(schema.properties.margin_fraction).toMatchObject({ minimum: 0, maximum: 0.5, default: 0 })
    expect(schema.properties.other_it_per_node_w).toMatchObject({ minimum: 0, default: 0 })
    expect(schema.properties.node.properties.provisioned_w).toMatchObject({ minimum: 0.001 })
    expect(schema.properties.fabric.properties.planes).toMatchObject({ type: 'integer', minimum: 1, default: 1 })
  })

  it('asks for exactly one of it_cap_mw and facility', () => {
    expect(schema.required).toEqual(['node', 'fabric'])
    expect(schema.oneOf).toEqual([{ required: ['it_cap_mw'] }, { required: ['facility'] }])
  })
})
