import { describe, expect, it } from 'vitest'
import { sizeCluster, type ClusterConfig } from '../../src/index.js'
import { referenceConfig } from '../helpers/configs.js'
import { oracle } from '../helpers/model-oracle.js'

const curve = [
  { fraction: 0.5, throughput: 0.7 },
  { fraction: 0.6, throughput: 0.8 },
  { fraction: 0.7, throughput: 0.88 },
  { fraction: 0.8, throughput: 0.94 },
  { fraction: 1, throughput: 1 },
]

function withCapping(config: ClusterConfig = referenceConfig()): ClusterConfig {
  return { ...config, power_capping: { min_fraction: 0.5, curve } }
}

/** The most nodes that fit with every GPU at `f`, by brute force on the oracle with the GPU term scaled. */
function nodesAt(config: ClusterConfig, f: number): number {
  const gpuW = config.node.gpus_per_node * config.node.gpu_w
  let best = 0
  for (let n = 0; n < 5000; n++) {
    const o = oracle(config, n)
    if (o.buildable && o.pTotal - n * gpuW * (1 - f) <= o.capW) best = n
  }
  return best
}

describe('GPU power capping under a fixed IT cap', () => {
  const report = sizeCluster(withCapping())
  const capping = report.power_capping!

  it('leaves the uncapped v1 keys unchanged and puts the study before inputs', () => {
    const plain = sizeCluster(referenceConfig())
    const { power_capping, inputs, ...v1 } = report
    const { inputs: plainInputs, ...plainV1 } = plain
    expect(v1).toEqual(plainV1)
    expect(power_capping).toBeDefined()
    expect(Object.keys(report).slice(-2)).toEqual(['power_capping', 'inputs'])
    expect(inputs.power_capping).toEqual({ min_fraction: 0.5, curve })
    expect(plainInputs).not.toHaveProperty('power_capping')
  })

  it('reports the frontier at min_fraction and every curve point, matching brute force', () => {
    expect(capping.frontier.map((p) => p.fraction)).toEqual([0.5, 0.6, 0.7, 0.8, 1])
    for (const point of capping.frontier) {
      expect(point.nodes).toBe(nodesAt(report.inputs, point.fraction))
      expect(point.break_even_throughput).toBe(report.nodes / point.nodes)
      expect(point.gpu_power_w).toBe(Math.round(point.fraction * 700 * 1000) / 1000)
    }
  })

  it('gives the break-even thresholds of the memo: about 0.89 at 80 %, 0.85 at 70 %, 0.80 at 60 %, 0.74 at 50 %', () => {
    const at = (f: number) => capping.frontier.find((p) => p.fraction === f)!.break_even_throughput!
    expect(at(0.8)).toBeCloseTo(0.893, 3)
    expect(at(0.7)).toBeCloseTo(0.851, 3)
    expect(at(0.6)).toBeCloseTo(0.797, 3)
    expect(at(0.5)).toBeCloseTo(0.743, 3)
  })

  it('picks the node count with the most throughput, each node at its highest feasible fraction', () => {
    const g = report.inputs.node.gpus_per_node
    const gpuW = g * report.inputs.node.gpu_w
    const T = (f: number) => {
      for (let i = 1; i < curve.length; i++) {
        const a = curve[i - 1]!
        const b = curve[i]!
        if (f <= b.fraction) return a.throughput + ((b.throughput - a.throughput) * (f - a.fraction)) / (b.fraction - a.fraction)
      }
      return 1
    }
    let best = { n: report.nodes, throughput: report.nodes * g }
    for (let n = report.nodes + 1; n < 5000; n++) {
      const o = oracle(report.inputs, n)
      if (!o.buildable) break
      const f = Math.min(1, (o.capW - (o.pTotal - n * gpuW)) / (n * gpuW))
      if (f < 0.5) break
      if (n * g * T(f) > best.throughput) best = { n, throughput: n * g * T(f) }
    }
    expect(capping.nodes).toBe(best.n)
    expect(capping.throughput_gpu_equivalents).toBeCloseTo(best.throughput, 3)
    expect(capping.gain_vs_uncapped).toBeCloseTo(best.throughput / (report.nodes * g), 6)
    expect(capping.nodes).toBeGreaterThan(report.nodes)
  })

  it('stays uncapped when capping cannot pay', () => {
    const flat = {
      ...referenceConfig(),
      power_capping: {
        min_fraction: 0.5,
        curve: [
          { fraction: 0.5, throughput: 0.5 },
          { fraction: 1, throughput: 1 },
        ],
      },
    }
    const study = sizeCluster(flat).power_capping!
    expect(study).toMatchObject({ fraction: 1, nodes: 451, gain_vs_uncapped: 1 })
  })
})
