import { describe, expect, it } from 'vitest'
import { formatDiagnostic, validateClusterConfig, ClusterConfigSchema } from '../../src/index.js'
import { leafPaths } from '../../src/cluster/schema-shape.js'
import { mwpack } from '../helpers/cli.js'
import { tempDir } from '../helpers/tree.js'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fullConfigs } from '../helpers/configs.js'

type Path = Array<string | number>

const MARK = '"__NUMBER_UNDER_TEST__"'

function getAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, key) => (v === undefined || v === null ? undefined : (v as Record<string | number, unknown>)[key]), value)
}

/** A base config holding `path` (configs with alternative blocks cover each other's keys), with the raw number written there. */
function configWith(path: Path, raw: string): string {
  const base = fullConfigs().find((c) => getAt(c, path) !== undefined)
  if (!base) throw new Error(`no full config holds ${path.join('.')}: add it to fullConfigs() in test/helpers/configs.ts`)
  const copy = structuredClone(base) as Record<string | number, unknown>
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown>
  parent[path.at(-1)!] = MARK.slice(1, -1)
  return JSON.stringify(copy, null, 2).replace(MARK, raw)
}

function dotted(path: Path): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('')
}

function positionOf(text: string, needle: string) {
  const before = text.slice(0, text.indexOf(needle)).split('\n')
  return { line: before.length, column: before.at(-1)!.length + 1 }
}

const numbers = leafPaths(ClusterConfigSchema as never).filter((leaf) => leaf.type === 'number')

describe('every number in cluster.json is range-checked before any arithmetic', () => {
  it('knows the numeric keys from the schema itself', () => {
    expect(numbers.length).toBeGreaterThan(20)
    expect(numbers.map((n) => dotted(n.path))).toEqual(expect.arrayContaining(['it_cap_mw', 'node.gpu_w', 'power_capping.curve[0][1]']))
  })

  it.each(numbers.flatMap(({ path }) => ['1e300', '1e308', '-1e300'].map((raw) => [dotted(path), raw, path] as const)))(
    '%s = %s is a range error at its line and column',
    (name, raw, path) => {
      const text = configWith([...path], raw)
      const result = validateClusterConfig(text, 'cluster.json')
      expect(result.ok).toBe(false)
      const range = result.diagnostics.filter((d) => d.path === name)
      expect(range.map((d) => formatDiagnostic(d))).toEqual([expect.stringMatching(/error: .*expected (a number|a whole number)/)])
      expect(range[0]).toMatchObject({ code: expect.stringMatching(/^MWP_CONFIG_(RANGE|NOT_INTEGER)$/), position: positionOf(text, raw) })
      // Nothing else is said about a value already refused.
      expect(result.diagnostics.filter((d) => d.code !== 'MWP_CONFIG_RANGE' && d.code !== 'MWP_CONFIG_NOT_INTEGER')).toEqual([])
    },
  )

  it.each([
    ['it_cap_mw', '1e300'],
    ['node.gpu_w', '1e308'],
  ])('refuses %s = %s from the CLI with exit 2, never an internal error', (name, raw) => {
    const dir = tempDir()
    writeFileSync(join(dir, 'cluster.json'), configWith(name.split('.'), raw))
    const run = mwpack(['size', 'cluster.json'], { cwd: dir })
    expect(run.stderr).toMatch(
      new RegExp(`^cluster\\.json:\\d+:\\d+: error: ${name.replace('.', '\\.')}: expected a number <= \\d+, found ${raw} \\[MWP_CONFIG_RANGE\\]`),
    )
    expect(run.code).toBe(2)
  })
})
