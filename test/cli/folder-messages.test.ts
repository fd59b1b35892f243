import { appendFileSync, cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/cli.js'
import { mwpackInProcess } from '../helpers/in-process.js'
import { snapshotTree, tempDir } from '../helpers/tree.js'

/** A memo folder with the 5 MW memo and its config, built once into `out`. */
let built = ''
beforeAll(async () => {
  built = tempDir()
  cpSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.memo.md`, join(built, '5mw.memo.md'))
  cpSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`, join(built, '5mw.cluster.json'))
  const run = await mwpackInProcess(['build', '5mw.memo.md', '--out', 'out'], built)
  expect(run.code, run.stderr).toBe(0)
})

function copyOfBuild(): string {
  const cwd = tempDir()
  cpSync(join(built, 'out'), join(cwd, 'out'), { recursive: true })
  return cwd
}

describe('verify of a folder says what it does not check', () => {
  it('warns that memo.html and memo.pdf are not in the manifest, and still calls the bundle intact', async () => {
    const cwd = copyOfBuild()
    writeFileSync(join(cwd, 'out/memo.html'), '<!doctype html><p>page</p>\n')
    appendFileSync(join(cwd, 'out/memo.html'), '<script>alert(1)</script>\n')
    writeFileSync(join(cwd, 'out/memo.pdf'), 'hi\n')
    const run = await mwpackInProcess(['verify', 'out', '--json'], cwd)
    expect(run.code, run.stderr).toBe(0)
    const document = JSON.parse(run.stdout)
    const warnings = document.diagnostics.filter((d: { severity: string }) => d.severity === 'warning')
    expect(warnings.map((d: { code: string; file: string }) => [d.code, d.file])).toEqual([
      ['MWP_ENTRY_EXTRA', 'out/memo.html'],
      ['MWP_ENTRY_EXTRA', 'out/memo.pdf'],
    ])
    expect(warnings[0].message).toMatch(/memo\.html is not listed in MANIFEST\.json, so verify cannot check it/)
    const text = await mwpackInProcess(['verify', 'out'], cwd)
    expect(text.stderr).toContain('out/memo.html: warning: memo.html is not listed in MANIFEST.json')
  })

  it('says nothing more of a folder that holds only the bundle', async () => {
    const run = await mwpackInProcess(['verify', 'out', '--json'], copyOfBuild())
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout).diagnostics).toEqual([])
  })
})

describe('package names the file it cannot write', () => {
  it.each([
    ['given as an argument', ['package', 'out']],
    ['given by --dir', ['package', '--dir', 'out']],
  ])('a folder named bundle.zip, the artifact folder %s: a folder is in the way, no errno', async (_, args) => {
    const cwd = copyOfBuild()
    rmSync(join(cwd, 'out/bundle.zip'))
    mkdirSync(join(cwd, 'out/bundle.zip'))
    writeFileSync(join(cwd, 'out/bundle.zip/keep'), 'x')
    const withFolder = snapshotTree(cwd)
    const run = await mwpackInProcess(args, cwd)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('error: cannot write out/bundle.zip: a folder is in the way')
    expect(run.stderr).not.toMatch(/EISDIR|--dir out/)
    expect(snapshotTree(cwd)).toEqual(withFolder)
  })
})

describe('a missing or dangling cluster config', () => {
  it('tells the CLI user to pass --config, in plain words', async () => {
    const cwd = tempDir()
    writeFileSync(join(cwd, 'a.memo.md'), '# A\n\nNodes: {{ nodes }}\n')
    const run = await mwpackInProcess(['validate', 'a.memo.md'], cwd)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('add NAME.cluster.json or cluster.json beside the memo, or pass --config')
    expect(run.stderr).not.toContain('with pass')
  })

  it.each(['cluster.json', 'a.cluster.json'])('names a dangling %s link instead of building without a config', async (link) => {
    const cwd = tempDir()
    writeFileSync(join(cwd, 'a.memo.md'), '# A\n\nNodes: {{ nodes }}\n')
    symlinkSync('nowhere.json', join(cwd, link))
    const before = snapshotTree(cwd)
    for (const command of [
      ['validate', 'a.memo.md'],
      ['build', 'a.memo.md', '--out', 'out'],
    ]) {
      const run = await mwpackInProcess(command, cwd)
      expect(run.code).toBe(2)
      expect(run.stderr).toContain(`${link}: error: the cluster config is a symbolic link to "nowhere.json", which does not exist`)
    }
    expect(snapshotTree(cwd)).toEqual(before)
  })
})
