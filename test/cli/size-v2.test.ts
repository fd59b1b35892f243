import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { inProcess } from '../helpers/in-process.js'
import { tempDir } from '../helpers/tree.js'
import { fullConfigs } from '../helpers/configs.js'

/** A config written to a fresh folder: the reference one with `change` applied. */
function configFile(change: (config: Record<string, any>) => Record<string, any>): { dir: string; file: string } {
  const dir = tempDir()
  const [full] = fullConfigs()
  const { $schema, ...config } = full as Record<string, any>
  writeFileSync(join(dir, 'cluster.json'), JSON.stringify(change(config), null, 2))
  return { dir, file: 'cluster.json' }
}

const plain = (c: Record<string, any>) => {
  const { margin_fraction, other_it_per_node_w, rack, power_capping, ...rest } = c
  return { ...rest, node: { ...rest.node, provisioned_w: undefined }, fabric: { ...rest.fabric, planes: 1 } }
}

describe('mwpack size --nodes N', () => {
  it("checks a vendor's design: the report for exactly N nodes, with its status, as JSON too", async () => {
    const { dir, file } = configFile(plain)
    const human = await inProcess(['size', file, '--nodes', '512'], { cwd: dir })
    expect(human.code).toBe(0)
    expect(human.stdout).toMatch(/^cluster\.json: 512 nodes draw [\d,]+ W, over the usable cap of 5,000,000 W \(status over_cap\)\n/)
    expect(human.stdout).toMatch(/leaves \/ spines \/ cores +128 \/ 128 \/ 64\n/)
    const json = JSON.parse((await inProcess(['size', file, '--nodes', '512', '--json'], { cwd: dir })).stdout)
    expect(json).toMatchObject({ schema_version: 'mwpack.cluster_report/v2', status: 'over_cap', feasible: false, limited_by: null, nodes: 512, cores: 64 })
  })

  it('says when N is not whole racks, and what cannot be built', async () => {
    const { dir, file } = configFile((c) => ({ ...plain(c), rack: { nodes_per_rack: 4, whole_racks: true, max_racks: 10 } }))
    expect((await inProcess(['size', file, '--nodes', '6'], { cwd: dir })).stdout).toMatch(
      /6 nodes are not a whole number of racks .*\(status not_whole_racks\)/,
    )
    expect((await inProcess(['size', file, '--nodes', '44'], { cwd: dir })).stdout).toMatch(/44 nodes cannot be built.*\(status unbuildable\)/)
    expect((await inProcess(['size', file, '--nodes', '40'], { cwd: dir })).stdout).toMatch(/40 nodes fit under 5 MW \(status ok\)/)
  })
})

describe('mwpack size with the v2 blocks', () => {
  it('shows the grid, the margin, the nameplate answer, racks and planes in the table', async () => {
    const [full] = fullConfigs()
    const { dir, file } = configFile(() => full as Record<string, any>)
    const { code, stdout } = await inProcess(['size', file], { cwd: dir })
    expect(code).toBe(0)
    for (const line of [
      /design margin +500,000 W \(10%\)/,
      /usable cap +4,500,000 W/,
      /nodes at nameplate +/,
      /racks +\d+ of 4 nodes, whole racks only/,
      /full rack +34,100 W \(hall limit 40 kW\)/,
      /tiers +\d, in 2 planes/,
      /per node +8,400 W measured \(nameplate 10,200 W\)/,
    ])
      expect(stdout).toMatch(line)
  })

  it('sweeps the grid connection when the config has a facility block', async () => {
    const [, facility] = fullConfigs()
    const { dir, file } = configFile(() => facility as Record<string, any>)
    const sweep = JSON.parse((await inProcess(['size', file, '--sweep-cap', '5..7.5', '--step', '1.25', '--json'], { cwd: dir })).stdout)
    expect(sweep.schema_version).toBe('mwpack.cap_sweep/v2')
    expect(sweep.points.map((p: { grid_mw: number; it_cap_mw: number }) => [p.grid_mw, p.it_cap_mw])).toEqual([
      [5, 4],
      [6.25, 5],
      [7.5, 6],
    ])
    const at = JSON.parse((await inProcess(['size', file, '--json'], { cwd: dir })).stdout)
    expect(sweep.points[1]).toMatchObject({ nodes: at.nodes, racks: at.racks, facility_w: at.facility_w, gpus_per_grid_mw: at.gpus_per_grid_mw })
    const table = (await inProcess(['size', file, '--sweep-cap', '5..7.5', '--step', '1.25'], { cwd: dir })).stdout
    expect(table).toMatch(/^cluster\.json: 3 grid connections \(facility\.grid_mw\) from 5 to 7\.5 MW, every 1\.25 MW\n\ngrid MW +IT cap MW +nodes +racks /)
    const csv = (await inProcess(['size', file, '--sweep-cap', '6.25..6.25', '--step', '1', '--csv'], { cwd: dir })).stdout.split('\n')
    expect(csv[0]).toBe(
      'grid_mw,it_cap_mw,nodes,racks,gpus,gpus_per_mw,p_total_w,facility_w,tiers,limited_by,capped_gpu_power_w,capped_fraction,capped_nodes,throughput_gpu_equivalents,gain_vs_uncapped',
    )
    expect(csv[1]!.split(',').slice(0, 3)).toEqual(['6.25', '5', String(at.nodes)])
  })
})
