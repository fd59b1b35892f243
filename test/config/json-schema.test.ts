import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs build script, typed by its JSDoc
import { SCHEMA_PATH, clusterJsonSchema } from '../../scripts/cluster-json-schema.mjs'
import { ClusterConfigSchema } from '../../src/index.js'
import { ROOT } from '../helpers/cli.js'

describe('schemas/cluster.schema.json', () => {
  it('is exactly what the valibot schema generates (run `npm run schema` after changing it)', () => {
    expect(readFileSync(`${ROOT}/${SCHEMA_PATH}`, 'utf8')).toBe(clusterJsonSchema(ClusterConfigSchema))
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

  it.each(['playground/5mw.cluster.json', 'fixtures/reference/h100-5mw-64port.cluster.json'])('is named by the example %s so editors complete keys', (file) => {
    const config = JSON.parse(readFileSync(`${ROOT}/${file}`, 'utf8'))
    expect(config.$schema).toMatch(/schemas\/cluster\.schema\.json$/)
  })
})
