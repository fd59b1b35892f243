import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/main.js'
import { CLI, ROOT, mwpack } from '../helpers/cli.js'
import { snapshotTree, tempDir } from '../helpers/tree.js'

function example(): string {
  const dir = tempDir()
  cpSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.memo.md`, join(dir, '5mw.memo.md'))
  cpSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`, join(dir, '5mw.cluster.json'))
  return dir
}

describe('outputs are replaced atomically', () => {
  it('leaves the previous output untouched when a build fails', () => {
    const cwd = example()
    expect(mwpack(['build', '5mw.memo.md'], { cwd }).code).toBe(0)
    const before = snapshotTree(join(cwd, 'dist'))
    writeFileSync(join(cwd, '5mw.cluster.json'), '{ "it_cap_mw": "five" }')
    expect(mwpack(['build', '5mw.memo.md'], { cwd }).code).toBe(2)
    expect(snapshotTree(join(cwd, 'dist'))).toEqual(before)
  })

  it('cleans up after a killed run: stray temp folders go, an orphaned backup comes back first', () => {
    const cwd = example()
    mkdirSync(join(cwd, 'dist/.5mw.mwpack-tmp-dead'), { recursive: true })
    writeFileSync(join(cwd, 'dist/.5mw.mwpack-tmp-dead/memo.md'), 'half')
    mkdirSync(join(cwd, 'dist/.5mw.mwpack-old-dead'))
    writeFileSync(join(cwd, 'dist/.5mw.mwpack-old-dead/memo.md'), '# previous\n')
    expect(mwpack(['build', '5mw.memo.md'], { cwd }).code).toBe(0)
    expect(readdirSync(join(cwd, 'dist'))).toEqual(['5mw'])
    expect(mwpack(['verify', 'dist/5mw'], { cwd }).code).toBe(0)
  })

  it('never leaves a half-written folder when killed at any moment', async () => {
    const cwd = example()
    // A memo near the size limit stretches the run so kills land in every phase, writes included.
    writeFileSync(join(cwd, '5mw.memo.md'), `# Big memo\n\n${'A line of prose about power and fabric.\n\n'.repeat(3_000)}`)
    expect(mwpack(['build', '5mw.memo.md'], { cwd }).code).toBe(0)
    for (let i = 0; i < 12; i++) {
      const child = spawn(process.execPath, [CLI, 'build', '5mw.memo.md', '--source-date-epoch', String(i + 1)], { cwd, stdio: 'ignore' })
      // Listen before the kill: a run that ends on its own first must not leave the test waiting for an exit already past.
      const exited = new Promise((resolve) => child.on('exit', resolve))
      await new Promise((resolve) => setTimeout(resolve, 20 + ((i * 37) % 400)))
      child.kill('SIGKILL')
      await exited
      const entries = readdirSync(join(cwd, 'dist'))
      const intact = entries.filter((e) => e === '5mw' || e.startsWith('.5mw.mwpack-old-'))
      // Either the folder is in place, or (killed between the two renames) it waits under its backup name.
      expect(intact.length).toBe(1)
      const folder = join('dist', intact[0]!)
      expect(mwpack(['verify', folder], { cwd }).code, `after kill ${i}: ${entries.join(', ')}`).toBe(0)
    }
    expect(mwpack(['build', '5mw.memo.md'], { cwd }).code).toBe(0)
    expect(readdirSync(join(cwd, 'dist'))).toEqual(['5mw'])
    // About 26 process starts: on a loaded machine that takes longer than the usual per-test time.
  }, 180_000)
})

describe('internal errors', () => {
  it('become exit 3 with a short message and where to report it; the stack only with --debug', async () => {
    const broken = new Proxy(
      {},
      {
        get: () => {
          throw new Error('environment exploded')
        },
      },
    )
    const run = async (extra: string[]) => {
      let stderr = ''
      const code = await runCli(['build', 'fixtures/memos/v1-5mw/5mw.memo.md', ...extra], {
        cwd: ROOT,
        env: broken,
        stdout: () => {},
        stderr: (t) => (stderr += t),
        color: false,
      })
      return { code, stderr }
    }
    const plain = await run([])
    expect(plain.code).toBe(3)
    expect(plain.stderr).toContain('error: internal error: environment exploded; this is a bug in mwpack')
    expect(plain.stderr).toContain('/issues')
    expect(plain.stderr).not.toMatch(/\n\s+at /)
    expect((await run(['--debug'])).stderr).toMatch(/\n\s+at /)
    expect(existsSync(join(ROOT, 'dist/5mw'))).toBe(false)
  })
})
