import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { resolveStoredReport, sizeAtNodes, toStableJson, type ClusterConfig } from '../../src/index.js'
import { ROOT, mwpack } from '../helpers/cli.js'
import { loadConfig, solve } from '../helpers/configs.js'

function atNodes(config: ClusterConfig, nodes: number) {
  const outcome = sizeAtNodes(config, nodes)
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.diagnostics))
  return outcome.value
}

/** Reports written by mwpack before report v2 (the v1 model), byte for byte. */
const v1Reports = ['v1-5mw-capping', 'v1-three-pods', 'v1-fabric-and-power'].map((name) => {
  const text = readFileSync(`${ROOT}/fixtures/reports/${name}.cluster_report.json`, 'utf8')
  return [name, text] as const
})

describe('re-solving stored reports, as verify does', () => {
  it.each(v1Reports)('re-solves the v1 report %s by the v1 rules to the same bytes', (_, text) => {
    const fresh = resolveStoredReport(JSON.parse(text), 'cluster_report.json')
    expect(fresh.ok && toStableJson(fresh.value)).toBe(text)
  })

  it('re-solves a v2 report, and a fixed node count by its count', () => {
    const config = loadConfig('fixtures/memos/v1-5mw/5mw.cluster.json')
    for (const report of [solve(config), atNodes(config, 500)]) {
      const text = toStableJson(report)
      const fresh = resolveStoredReport(JSON.parse(text), 'cluster_report.json')
      expect(fresh.ok && toStableJson(fresh.value)).toBe(text)
    }
    const tampered = JSON.parse(toStableJson(atNodes(config, 500)))
    tampered.nodes = 501
    const fresh = resolveStoredReport(tampered, 'cluster_report.json')
    expect(fresh.ok && (fresh.value as { p_node_total_w: number }).p_node_total_w).toBe(501 * 10_200)
  })

  it('finds the two corrections when the v1 inputs are solved as v2: cores by core groups, limited_by fabric', () => {
    const [threePods, fabricAndPower] = [v1Reports[1]![1], v1Reports[2]![1]].map((text) => JSON.parse(text))
    const v2 = (inputs: ClusterConfig) => solve({ ...inputs, margin_fraction: 0, other_it_per_node_w: 0, fabric: { ...inputs.fabric, planes: 1 } })
    expect([threePods.cores, v2(threePods.inputs).cores]).toEqual([48, 64])
    expect([fabricAndPower.limited_by, v2(fabricAndPower.inputs).limited_by]).toEqual(['power', 'fabric'])
  })

  it('refuses a report of no known version, and one without inputs', () => {
    expect(resolveStoredReport({ schema_version: 'mwpack.cluster_report/v9', inputs: {} }, 'r.json').diagnostics[0]!.message).toBe(
      'r.json has schema_version "mwpack.cluster_report/v9"; mwpack re-solves mwpack.cluster_report/v2 and mwpack.cluster_report/v1',
    )
    expect(resolveStoredReport({ schema_version: 'mwpack.cluster_report/v2' }, 'r.json').diagnostics[0]!.message).toBe('r.json has no inputs to re-solve from')
  })

  it('verifies a bundle built by mwpack before report v2, from the command line', () => {
    // fixtures/reports/v1-simple-5mw.bundle.zip was built by the v1 model (its report says mwpack.cluster_report/v1).
    const run = mwpack(['verify', 'fixtures/reports/v1-simple-5mw.bundle.zip'])
    expect(run.stderr).toBe('')
    expect(run.stdout).toMatch(/intact/)
    expect(run.code).toBe(0)
  })
})
