import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ClusterConfigSchema, sizeAtNodes, sizeCluster, sweepCap, toStableJson, validateClusterConfig } from '../../src/index.js'
import { leafPaths, schemaAt } from '../../src/cluster/schema-shape.js'
import { fullConfigs } from '../helpers/configs.js'

type Path = Array<string | number>

/** The bounds the schema states for a number: from its min/gt/max actions, and whether it must be whole. */
function bounds(path: Path): { min: number; max: number; integer: boolean } {
  const schema = schemaAt(ClusterConfigSchema as never, path) as { pipe?: Array<{ type: string; requirement?: unknown }> } | undefined
  const actions = schema?.pipe ?? []
  const req = (type: string) => actions.find((a) => a.type === type)?.requirement as number | undefined
  const above = req('gt_value')
  // Just above an exclusive bound: 1e-12 above 0 is a cap that rounds to no milliwatt at all.
  const min = req('min_value') ?? (above === undefined ? 0 : above === 0 ? 1e-12 : above * (1 + 1e-9))
  return { min, max: req('max_value') ?? 1e6, integer: actions.some((a) => a.type === 'integer') }
}

/** A value at the edges of its bounds, or anywhere between: the smallest, the largest, and values of every magnitude. */
function valueIn({ min, max, integer }: { min: number; max: number; integer: boolean }): fc.Arbitrary<number> {
  const edges = [min, max, Math.min(max, Math.max(min, 1)), ...(min < 1e-9 ? [1e-10, 4e-10, 6e-10] : [])]
  const spread = fc.double({ min: Math.log10(Math.max(min, 1e-12)), max: Math.log10(max), noNaN: true }).map((e) => Number((10 ** e).toPrecision(6)))
  return fc.oneof(fc.constantFrom(...edges), spread).map((x) => Math.min(max, Math.max(min, integer ? Math.round(x) : x)))
}

const numbers = leafPaths(ClusterConfigSchema as never).filter((leaf) => leaf.type === 'number')

/** A full config (every block) with some numbers moved anywhere within their bounds. */
const arbitraryEdgeConfig = fc
  .tuple(fc.constantFrom(...fullConfigs()), fc.array(fc.tuple(fc.constantFrom(...numbers), fc.nat()), { maxLength: 8 }))
  .chain(([base, picks]) => fc.tuple(fc.constant(base), fc.tuple(...picks.map(([leaf]) => fc.tuple(fc.constant(leaf.path), valueIn(bounds(leaf.path)))))))
  .map(([base, changes]) => {
    const config = structuredClone(base) as Record<string | number, unknown>
    for (const [path, value] of changes) {
      let parent = config as Record<string | number, unknown> | undefined
      for (const key of path.slice(0, -1)) parent = parent?.[key] as Record<string | number, unknown> | undefined
      if (parent && path.at(-1)! in parent) parent[path.at(-1)!] = value
    }
    return config
  })

describe('any config the schema accepts, at the edges of every bound', () => {
  it('sizes to a report of finite numbers that writes as JSON, or a diagnostic, never a crash', () => {
    fc.assert(
      fc.property(arbitraryEdgeConfig, (config) => {
        const validated = validateClusterConfig(JSON.stringify(config), 'edge.json')
        if (!validated.ok) return
        const sized = sizeCluster(validated.value.config)
        if (!sized.ok) {
          expect(sized.diagnostics[0]!.code).toBe('MWP_CONFIG_SCALE')
          return
        }
        expect(() => toStableJson(sized.value)).not.toThrow()
        const fixed = sizeAtNodes(validated.value.config, sized.value.nodes + 1)
        if (fixed.ok) expect(() => toStableJson(fixed.value)).not.toThrow()
        const swept = sweepCap(validated.value.config, [0.001, 1])
        if (swept.ok) expect(() => toStableJson(swept.value)).not.toThrow()
      }),
      { numRuns: 600, seed: 404 },
    )
  })
})
