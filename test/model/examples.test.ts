import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { rollup } from 'rollup'
import { describe, expect, it } from 'vitest'
import mwpackRollup from '../../dist/rollup.js'
import { sizeAtNodes, type ClusterConfig, type NodeCountReport } from '../../src/index.js'
import { ROOT, mwpack } from '../helpers/cli.js'
import { loadConfig, solve } from '../helpers/configs.js'
import { filesUnder, madeIn } from '../helpers/sites.js'
import { tempDir } from '../helpers/tree.js'

const EXAMPLES = ['gb200-nvl72-grid', 'h100-measured-power', 'b300-twin-plane']
const example = (name: string) => loadConfig(`fixtures/examples/${name}/${name}.cluster.json`)

function atNodes(config: ClusterConfig, nodes: number): NodeCountReport {
  const outcome = sizeAtNodes(config, nodes)
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.diagnostics))
  return outcome.value
}

describe('the GB200 NVL72-class hall fed by a grid connection', () => {
  const config = example('gb200-nvl72-grid')
  const report = solve(config)

  it('sizes 112 whole racks from 20 MW at the meter', () => {
    expect(report).toMatchObject({
      grid_w: 20_000_000,
      it_cap_w: 16_666_666.666,
      usable_cap_w: 15_833_333.332,
      nodes: 2016,
      racks: 112,
      gpus: 8064,
      rack_power_w: 130_806,
      tiers: 3,
      limited_by: 'power',
      p_total_w: 15_721_060,
      facility_w: 18_865_272,
    })
    expect(report.nodes % 18).toBe(0)
  })

  // NVIDIA DGX SuperPOD with DGX GB200 reference architecture (docs.nvidia.com/dgx-superpod/
  // reference-architecture-scalable-infrastructure-gb200): a rack is 18 compute trays and 9 NVLink
  // switch trays, 72 GPUs; a scalable unit is 8 racks (576 GPUs) with a TDP of 1.2 MW; the
  // architecture scales to 128 racks and 9,216 GPUs. The compute-fabric switch counts of that
  // design were not confirmed, so the fabric here is the placeholder's own.
  it('builds one scalable unit of the published design: 8 racks, 144 trays, 576 GPUs, within its 1.2 MW', () => {
    const unit = atNodes(config, 144)
    expect(unit).toMatchObject({ status: 'ok', racks: 8, gpus: 576 })
    const racksAndFabric = unit.p_node_total_w + unit.p_rack_w! + unit.p_switching_w! + unit.p_optics_w!
    expect(racksAndFabric).toBeLessThanOrEqual(1_200_000)
    expect(atNodes(config, 18).gpus).toBe(72)
  })

  it('names the published design it is pinned to, in its memo and in docs/model.md', () => {
    const document = /DGX SuperPOD reference architecture featuring DGX GB200/
    expect(readFileSync(`${ROOT}/fixtures/examples/gb200-nvl72-grid/gb200-nvl72-grid.memo.md`, 'utf8')).toMatch(document)
    expect(readFileSync(`${ROOT}/docs/model.md`, 'utf8')).toMatch(document)
  })

  it('stops at the floor at 128 racks, 9,216 GPUs, the largest published configuration', () => {
    const large = { ...config, facility: { ...config.facility!, grid_mw: 40 } } as ClusterConfig
    expect(solve(large)).toMatchObject({ racks: 128, nodes: 2304, gpus: 9216, limited_by: 'space' })
  })
})

describe('the H100-class hall budgeted at measured node power', () => {
  const report = solve(example('h100-measured-power'))

  it('fits 512 nodes at a measured 8.4 kW where the 10.2 kW nameplate fits 427', () => {
    expect(report).toMatchObject({
      usable_cap_w: 4_750_000,
      p_node_w: 8400,
      p_node_nameplate_w: 10_200,
      nodes: 512,
      nodes_at_nameplate: 427,
      racks: 128,
      leaves: 128,
      spines: 128,
      cores: 64,
      p_total_w: 4_713_920,
    })
  })

  it('enforces the budget with a GPU power limit: the optimum runs GPUs just under 70 %', () => {
    expect(report.power_capping).toMatchObject({ gpu_power_w: 489.752, nodes: 625, gpus: 5000 })
    expect(report.power_capping!.fraction).toBeCloseTo(0.7, 3)
  })
})

describe('the B300-class twin-plane fabric', () => {
  const config = example('b300-twin-plane')

  it('fits 643 nodes in 10 MW on two planes of two tiers', () => {
    expect(solve(config)).toMatchObject({ nodes: 643, racks: 161, planes: 2, tiers: 2, leaves: 176, spines: 128, cores: 0, p_total_w: 9_988_196 })
  })

  // NVIDIA DGX SuperPOD with DGX B300 (Spectrum-X) reference architecture, Table 3
  // (docs.nvidia.com/dgx-superpod/reference-architecture/scalable-infrastructure-b300): 1, 2, 4, 8 and 16
  // scalable units of 64 nodes take 16/8, 32/16, 64/32, 128/64 and 256/128 leaves/spines.
  it.each([
    [64, 16, 8],
    [128, 32, 16],
    [256, 64, 32],
    [512, 128, 64],
    [1024, 256, 128],
  ])('wires %i nodes as the published design: %i leaves, %i spines', (nodes, leaves, spines) => {
    expect(atNodes(config, nodes)).toMatchObject({ tiers: 2, planes: 2, leaves, spines, cores: 0 })
  })
})

describe.each(EXAMPLES)('the example %s', (name) => {
  const dir = `${ROOT}/fixtures/examples/${name}`

  it('is labelled placeholder hardware', () => {
    expect(example(name).node.name).toMatch(/\(placeholder\)$/)
    expect(readFileSync(`${dir}/${name}.memo.md`, 'utf8')).toMatch(/Placeholder hardware/)
  })

  it('builds through the CLI and through the bundler plugin to the same artifacts', async () => {
    const site = tempDir('mwpack-example-')
    cpSync(dir, site, { recursive: true })
    writeFileSync(join(site, 'entry.js'), `export { default as report } from './${name}.memo.md?report'\n`)
    const cli = mwpack(['build', `${name}.memo.md`, '--strict', '--out', 'cli'], { cwd: site })
    expect(cli.stderr).toBe('')
    expect(cli.code).toBe(0)
    const bundle = await rollup({ input: join(site, 'entry.js'), plugins: [madeIn(site, () => mwpackRollup())] })
    await bundle.write({ dir: join(site, 'out'), format: 'es', entryFileNames: 'entry.mjs' })
    await bundle.close()
    expect(filesUnder(join(site, 'out/mwpack', name))).toEqual(filesUnder(join(site, 'cli')))
    const built = await import(pathToFileURL(join(site, 'out/entry.mjs')).href)
    expect(built.report).toEqual(solve(example(name)))
    expect(readFileSync(join(site, 'cli/memo.md'), 'utf8')).not.toContain('{{')
  })
})
