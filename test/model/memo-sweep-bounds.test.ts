import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatDiagnostic, resolveReferences, validateClusterConfig, type ClusterConfig } from '../../src/index.js'
import { ROOT } from '../helpers/cli.js'
import { solve } from '../helpers/configs.js'

/** The config `mwpack init` writes, with edits, validated as a user's file is. */
function starter(edit: (config: Record<string, any>) => void): ClusterConfig {
  const config = JSON.parse(readFileSync(`${ROOT}/playground/5mw.cluster.json`, 'utf8')) as Record<string, any>
  edit(config)
  const result = validateClusterConfig(JSON.stringify(config, undefined, 2), 'cluster.json')
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics))
  return result.value.config
}

const sweepTable = (config: ClusterConfig) => resolveReferences('# Sweep\n\n{{ table sweep }}\n', 'sizing.memo.md', solve(config))

describe('the memo sweep', () => {
  it('builds the starter memo at a grid the fabric limits: the work estimate stops at the most nodes the fabric can wire', () => {
    const config = starter((c) => (c.facility = { grid_mw: 100_000, peak_pue: 1 }))
    expect(config.power_capping).toBeDefined()
    const resolved = sweepTable(config)
    expect(resolved.diagnostics.map((d) => formatDiagnostic(d))).toEqual([])
    // Every point from a quarter to twice the grid is 8,192 nodes, all the 64-port fabric can wire.
    expect(resolved.markdown.match(/\| 8,192 \|/g)).toHaveLength(8)
  })

  it('tells a memo author what to change in the config when a point of the sweep is too large to study, not a step or a range', () => {
    // A radix-65536 fabric wires any node count, so power alone limits the sweep; the report's own scan fits, twice its grid does not.
    const config = starter((c) => {
      c.facility = { grid_mw: 30_000, peak_pue: 1 }
      c.node.nics_per_node = 1
      c.fabric.leaf = { name: 'radix-65536 switch', ports: 65_536, w: 747 }
      c.fabric.spine = c.fabric.leaf
      c.fabric.leaf_host_ports = 32_768
      c.fabric.leaf_uplink_ports = 32_768
    })
    const [d, cause] = sweepTable(config).diagnostics
    expect(d!.message).toMatch(/^\{\{ table sweep \}\}: the memo sweep: cannot size facility\.grid_mw = \d+ MW: its power-capping study cannot run$/)
    expect(d!.hint).toBe(
      'lower facility.grid_mw in the cluster config (the memo sweep runs from a quarter to twice it), or leave {{ table sweep }} and {{ sweep.N.* }} out of the memo',
    )
    expect(cause!.code).toBe('MWP_CONFIG_SCALE')
  })
})
