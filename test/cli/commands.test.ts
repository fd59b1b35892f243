import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, mwpack } from '../helpers/cli.js'
import { inProcess } from '../helpers/in-process.js'
import { tempDir } from '../helpers/tree.js'

/** A working folder holding the playground example. */
function example(): string {
  const dir = tempDir()
  cpSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.memo.md`, join(dir, '5mw.memo.md'))
  cpSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`, join(dir, '5mw.cluster.json'))
  return dir
}

const packageVersion = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')).version

describe('mwpack --help and --version', () => {
  it('prints the version from package.json', () => {
    expect(mwpack(['--version'])).toMatchObject({ code: 0, stdout: `${packageVersion}\n` })
  })

  it('lists the commands and exit codes', () => {
    const { code, stdout } = mwpack(['--help'])
    expect(code).toBe(0)
    for (const command of ['validate', 'build', 'package', 'verify', 'size']) expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'))
    expect(stdout).toContain('Exit codes: 0 success, 2 user error')
  })

  it.each(['validate', 'build', 'package', 'verify', 'size'])('shows usage and examples for %s', (command) => {
    const { code, stdout } = mwpack([command, '--help'])
    expect(code).toBe(0)
    expect(stdout).toContain(`Usage: mwpack ${command}`)
    expect(stdout).toMatch(new RegExp(`Examples:\\n  mwpack ${command} `))
    expect(mwpack(['help', command]).stdout).toBe(stdout)
  })

  it('exits 2 with the usage when run without a command', () => {
    const { code, stdout } = mwpack([])
    expect(code).toBe(2)
    expect(stdout).toContain('Usage: mwpack <command>')
  })
})

describe('mwpack build', () => {
  it('writes dist/NAME beside the working directory from a positional memo', () => {
    const cwd = example()
    const { code, stdout, stderr } = mwpack(['build', '5mw.memo.md'], { cwd })
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(readdirSync(join(cwd, 'dist/5mw')).sort()).toEqual(['MANIFEST.json', 'bundle.zip', 'cluster_report.json', 'memo.md'])
    expect(stdout).toMatch(/^built 5mw -> dist\/5mw\n/)
    expect(stdout).toContain('451 nodes, 3,608 GPUs (721.6 per MW), 3-tier fabric')
  })

  it('takes --memo, --config, --out and --name as the seed CLI did', async () => {
    const cwd = example()
    writeFileSync(join(cwd, 'notes.md'), '# Notes\n')
    const { code } = await inProcess(['build', '--memo', 'notes.md', '--config', '5mw.cluster.json', '--out', 'out/demo', '--name', 'demo'], { cwd })
    expect(code).toBe(0)
    const manifest = JSON.parse(readFileSync(join(cwd, 'out/demo/MANIFEST.json'), 'utf8'))
    expect(manifest).toMatchObject({ name: 'demo', inputs: { memo: { path: 'notes.md' }, config: { path: '5mw.cluster.json' } } })
  })

  it('prints exactly one JSON document with --json, and nothing else on stdout', async () => {
    const cwd = example()
    const { code, stdout } = await inProcess(['build', '5mw.memo.md', '--json', '--source-date-epoch', '1700000000'], { cwd })
    expect(code).toBe(0)
    const document = JSON.parse(stdout)
    expect(document).toMatchObject({
      ok: true,
      command: 'build',
      name: '5mw',
      out: 'dist/5mw',
      source_date_epoch: 1_700_000_000,
      status: 'ok',
      diagnostics: [],
    })
    expect(document.files.map((f: { path: string }) => f.path)).toEqual(['memo.md', 'cluster_report.json', 'MANIFEST.json', 'bundle.zip'])
  })

  it('builds a memo without a config into a bundle without a report', async () => {
    const cwd = tempDir()
    writeFileSync(join(cwd, 'lonely.md'), '# Just prose\n')
    const { code, stdout } = await inProcess(['build', 'lonely.md'], { cwd })
    expect(code).toBe(0)
    expect(stdout).toContain('no cluster config (looked for lonely.cluster.json, cluster.json): no report')
    expect(JSON.parse(readFileSync(join(cwd, 'dist/lonely/MANIFEST.json'), 'utf8')).inputs.config).toBeNull()
  })

  it('finds cluster.json beside the memo when there is no NAME.cluster.json', async () => {
    const cwd = example()
    cpSync(join(cwd, '5mw.cluster.json'), join(cwd, 'cluster.json'))
    writeFileSync(join(cwd, 'other.memo.md'), '# Other\n')
    expect((await inProcess(['build', 'other.memo.md'], { cwd })).code).toBe(0)
    expect(JSON.parse(readFileSync(join(cwd, 'dist/other/MANIFEST.json'), 'utf8')).inputs.config.path).toBe('cluster.json')
  })

  it('warns about a cluster below min_nodes, and fails on it with --strict', async () => {
    const cwd = example()
    const config = JSON.parse(readFileSync(join(cwd, '5mw.cluster.json'), 'utf8'))
    writeFileSync(join(cwd, '5mw.cluster.json'), JSON.stringify({ ...config, min_nodes: 500 }, null, 2))
    const relaxed = await inProcess(['build', '5mw.memo.md'], { cwd })
    expect(relaxed.code).toBe(0)
    expect(relaxed.stderr).toMatch(/^5mw\.cluster\.json:\d+:\d+: warning: 451 nodes fit \(limited by power\), below min_nodes = 500 \[MWP_BELOW_MIN_NODES\]/)
    const strict = await inProcess(['build', '5mw.memo.md', '--strict', '--out', 'strict'], { cwd })
    expect(strict.code).toBe(2)
    expect(strict.stderr).toContain(': error: 451 nodes fit')
    expect(existsSync(join(cwd, 'strict'))).toBe(false)
  })

  it('replaces an earlier build of the same folder', async () => {
    const cwd = example()
    expect((await inProcess(['build', '5mw.memo.md'], { cwd })).code).toBe(0)
    writeFileSync(join(cwd, '5mw.memo.md'), '# Changed\n')
    expect((await inProcess(['build', '5mw.memo.md'], { cwd })).code).toBe(0)
    expect(readFileSync(join(cwd, 'dist/5mw/memo.md'), 'utf8')).toBe('# Changed\n')
  })
})

describe('mwpack validate and size', () => {
  it('validates without writing anything', async () => {
    const cwd = example()
    const { code, stdout } = await inProcess(['validate', '5mw.memo.md'], { cwd })
    expect(code).toBe(0)
    expect(stdout).toMatch(/^5mw\.memo\.md: valid with 5mw\.cluster\.json\n/)
    expect(readdirSync(cwd).sort()).toEqual(['5mw.cluster.json', '5mw.memo.md'])
  })

  it('prints the report exactly as build writes it with size --json', async () => {
    const cwd = example()
    await inProcess(['build', '5mw.memo.md'], { cwd })
    const { code, stdout } = await inProcess(['size', '5mw.cluster.json', '--json'], { cwd })
    expect(code).toBe(0)
    expect(stdout).toBe(readFileSync(join(cwd, 'dist/5mw/cluster_report.json'), 'utf8'))
  })

  it('prints a readable table with size', async () => {
    const { code, stdout } = await inProcess(['size', '--config', 'fixtures/memos/v1-5mw/5mw.cluster.json'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/leaves \/ spines \/ cores\s+120 \/ 128 \/ 64/)
    expect(stdout).toMatch(/total\s+4,998,844 W/)
  })
})

describe('mwpack size --sweep-cap', () => {
  const config = 'fixtures/memos/v1-5mw/5mw.cluster.json'

  it('sizes every cap of the range, each exactly as size would at that cap', async () => {
    const { code, stdout } = await inProcess(['size', config, '--sweep-cap', '4..6', '--step', '0.5', '--json'])
    expect(code).toBe(0)
    const sweep = JSON.parse(stdout)
    expect(sweep.schema_version).toBe('mwpack.cap_sweep/v2')
    expect(sweep.points.map((p: { it_cap_mw: number }) => p.it_cap_mw)).toEqual([4, 4.5, 5, 5.5, 6])
    const atFive = JSON.parse((await inProcess(['size', config, '--json'])).stdout)
    expect(sweep.points[2]).toEqual({
      grid_mw: null,
      it_cap_mw: 5,
      nodes: atFive.nodes,
      gpus: atFive.gpus,
      gpus_per_mw: atFive.gpus_per_mw,
      gpus_per_grid_mw: null,
      racks: null,
      tiers: atFive.tiers,
      limited_by: atFive.limited_by,
      p_total_w: atFive.p_total_w,
      facility_w: null,
      power_capping: {
        fraction: atFive.power_capping.fraction,
        gpu_power_w: atFive.power_capping.gpu_power_w,
        nodes: atFive.power_capping.nodes,
        gpus: atFive.power_capping.gpus,
        throughput_gpu_equivalents: atFive.power_capping.throughput_gpu_equivalents,
        gain_vs_uncapped: atFive.power_capping.gain_vs_uncapped,
      },
    })
  })

  it('steps in exact decimals: 0.1..0.3 by 0.1 is three caps, the last exactly 0.3', async () => {
    const { code, stdout } = await inProcess(['size', config, '--sweep-cap', '0.1..0.3', '--step', '0.1', '--csv'])
    expect(code).toBe(0)
    const lines = stdout.trimEnd().split('\n')
    expect(lines[0]).toBe(
      'it_cap_mw,nodes,gpus,gpus_per_mw,p_total_w,tiers,limited_by,capped_gpu_power_w,capped_fraction,capped_nodes,throughput_gpu_equivalents,gain_vs_uncapped',
    )
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['0.1', '0.2', '0.3'])
    // A step that does not land on TO stops before it.
    const uneven = JSON.parse((await inProcess(['size', config, '--sweep-cap', '1..2', '--step', '0.3', '--json'])).stdout)
    expect(uneven.points.map((p: { it_cap_mw: number }) => p.it_cap_mw)).toEqual([1, 1.3, 1.6, 1.9])
  })

  it('prints an aligned table, without capping columns when the config has no power_capping block', async () => {
    const capped = await inProcess(['size', config, '--sweep-cap', '1..3', '--step', '1'])
    expect(capped.stdout).toMatch(/^fixtures\/memos\/v1-5mw\/5mw\.cluster\.json: 3 IT caps from 1 to 3 MW, every 1 MW\n\n/)
    expect(capped.stdout).toMatch(
      /IT cap MW +nodes +GPUs +GPUs\/MW +draw W +tiers +limited by +GPU W +GPU fraction +capped nodes +throughput +gain vs uncapped\n/,
    )
    const plain = await inProcess(['size', 'fixtures/reference/h100-5mw-64port.cluster.json', '--sweep-cap', '5..5', '--step', '1', '--csv'])
    expect(plain.stdout).toBe('it_cap_mw,nodes,gpus,gpus_per_mw,p_total_w,tiers,limited_by\n5,451,3608,721.6,4998844,3,power\n')
  })

  it('refuses --csv together with --json, and --csv without a sweep', async () => {
    expect((await inProcess(['size', config, '--sweep-cap', '1..2', '--step', '1', '--csv', '--json'])).code).toBe(2)
    const lone = await inProcess(['size', config, '--csv'])
    expect(lone.code).toBe(2)
    expect(lone.stderr).toContain('error: --csv needs --sweep-cap')
  })
})

describe('mwpack package and verify', () => {
  it('repackages a built folder to the same bundle.zip bytes', async () => {
    const cwd = example()
    await inProcess(['build', '5mw.memo.md', '--source-date-epoch', '1700000000'], { cwd })
    const built = readFileSync(join(cwd, 'dist/5mw/bundle.zip'))
    const { code, stdout } = await inProcess(['package', 'dist/5mw'], { cwd })
    expect(code).toBe(0)
    expect(stdout).toMatch(/^packaged dist\/5mw\/bundle\.zip \(\d+ bytes, sha256 [0-9a-f]{64}\)\n$/)
    expect(readFileSync(join(cwd, 'dist/5mw/bundle.zip'))).toEqual(built)
  })

  it('writes a tar.gz that verifies', async () => {
    const cwd = example()
    await inProcess(['build', '5mw.memo.md'], { cwd })
    expect((await inProcess(['package', '--dir', 'dist/5mw', '--format', 'tar.gz'], { cwd })).code).toBe(0)
    const { code, stdout } = await inProcess(['verify', 'dist/5mw/bundle.tar.gz'], { cwd })
    expect(code).toBe(0)
    expect(stdout).toContain('dist/5mw/bundle.tar.gz: intact')
  })

  it('refuses to package a folder whose files no longer match the manifest', async () => {
    const cwd = example()
    await inProcess(['build', '5mw.memo.md'], { cwd })
    writeFileSync(join(cwd, 'dist/5mw/memo.md'), '# Edited by hand\n')
    const { code, stderr } = await inProcess(['package', 'dist/5mw'], { cwd })
    expect(code).toBe(2)
    expect(stderr).toContain('memo.md: error: memo.md no longer matches MANIFEST.json')
  })

  it('verifies a folder and its bundle, and reports tampering with exit 2', async () => {
    const cwd = example()
    await inProcess(['build', '5mw.memo.md'], { cwd })
    expect((await inProcess(['verify', 'dist/5mw'], { cwd })).code).toBe(0)
    writeFileSync(join(cwd, 'dist/5mw/cluster_report.json'), '{}\n')
    const { code, stdout } = await inProcess(['verify', 'dist/5mw', '--json'], { cwd })
    expect(code).toBe(2)
    const document = JSON.parse(stdout)
    expect(document).toMatchObject({ ok: false, intact: false })
    expect(document.diagnostics.map((d: { code: string }) => d.code)).toContain('MWP_ENTRY_HASH_MISMATCH')
  })
})

describe('output conventions', () => {
  /** Runs a command under a real terminal (`script` allocates one) and returns what it printed. */
  function inTerminal(cwd: string, env: string): string {
    const command = `env ${env} ${process.execPath} ${ROOT}/dist/mwpack.cjs validate 5mw.memo.md`
    return spawnSync('script', ['-qec', command, '/dev/null'], { cwd, encoding: 'utf8' }).stdout
  }

  it('colours severities on a terminal, and never when NO_COLOR is set', () => {
    const cwd = example()
    writeFileSync(join(cwd, '5mw.cluster.json'), '{')
    expect(inTerminal(cwd, 'NO_COLOR=')).toContain('\u001b[1;31merror\u001b[0m')
    expect(inTerminal(cwd, 'NO_COLOR=1')).not.toContain('\u001b[')
  })

  it('never colours output that is not a terminal', () => {
    const cwd = example()
    writeFileSync(join(cwd, '5mw.cluster.json'), '{')
    expect(mwpack(['validate', '5mw.memo.md'], { cwd, env: { NO_COLOR: undefined } }).stderr).not.toContain('\u001b[')
  })
})
