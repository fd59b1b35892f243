import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ROOT, mwpack } from '../helpers/cli.js'
import { snapshotTree, tempDir } from '../helpers/tree.js'

/** A built artifact folder, copied fresh for each case. */
let built = ''
beforeAll(() => {
  built = tempDir()
  cpSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.memo.md`, join(built, '5mw.memo.md'))
  cpSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`, join(built, '5mw.cluster.json'))
  expect(mwpack(['build', '5mw.memo.md', '--out', 'out'], { cwd: built }).code).toBe(0)
})

function copyOfBuild(): string {
  const cwd = tempDir()
  cpSync(join(built, 'out'), join(cwd, 'out'), { recursive: true })
  return cwd
}

/** Exit 2 within a few seconds (a FIFO must not block), a message naming `file`, nothing written anywhere under cwd. */
function expectRefused(args: string[], cwd: string, file: string, says: RegExp): void {
  const before = snapshotTree(cwd)
  const run = mwpack(args, { cwd, timeoutMs: 20_000 })
  expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2)
  expect(run.stderr).toContain(`${file}: error: `)
  expect(run.stderr).toMatch(says)
  expect(run.stderr).not.toMatch(/\n\s+at /)
  expect(snapshotTree(cwd)).toEqual(before)
}

describe('package reads only the regular files of a built folder', () => {
  it('refuses memo.md replaced by a link, even to a copy with the right bytes', () => {
    const cwd = copyOfBuild()
    renameSync(join(cwd, 'out/memo.md'), join(cwd, 'elsewhere.md'))
    symlinkSync('../elsewhere.md', join(cwd, 'out/memo.md'))
    for (const format of ['zip', 'tar.gz']) {
      expectRefused(
        ['package', 'out', '--format', format],
        cwd,
        'out/memo.md',
        /the artifact is a symbolic link, not a regular file; a built folder holds regular files only.*\[MWP_FILE_UNREADABLE\]/,
      )
    }
  })

  it('refuses a linked MANIFEST.json', () => {
    const cwd = copyOfBuild()
    renameSync(join(cwd, 'out/MANIFEST.json'), join(cwd, 'MANIFEST.json'))
    symlinkSync('../MANIFEST.json', join(cwd, 'out/MANIFEST.json'))
    expectRefused(['package', 'out'], cwd, 'out/MANIFEST.json', /the manifest is a symbolic link/)
  })

  it('refuses a file reached through a linked folder the manifest names', () => {
    const cwd = copyOfBuild()
    const manifest = readFileSync(join(cwd, 'out/MANIFEST.json'), 'utf8')
    writeFileSync(join(cwd, 'out/MANIFEST.json'), manifest.replace('"path": "memo.md"', '"path": "sub/memo.md"'))
    mkdirSync(join(cwd, 'real'))
    renameSync(join(cwd, 'out/memo.md'), join(cwd, 'real/memo.md'))
    symlinkSync('../real', join(cwd, 'out/sub'))
    expectRefused(['package', 'out'], cwd, 'out/sub', /the folder on the way to sub\/memo\.md is a symbolic link/)
  })

  it('refuses a FIFO in place of a file without waiting on it', () => {
    const cwd = copyOfBuild()
    rmSync(join(cwd, 'out/cluster_report.json'))
    execFileSync('mkfifo', [join(cwd, 'out/cluster_report.json')])
    expectRefused(['package', 'out'], cwd, 'out/cluster_report.json', /the artifact is a FIFO, not a regular file/)
  })
})

describe('verify of a folder refuses links wherever they are', () => {
  it('names a linked file', () => {
    const cwd = copyOfBuild()
    renameSync(join(cwd, 'out/memo.md'), join(cwd, 'elsewhere.md'))
    symlinkSync('../elsewhere.md', join(cwd, 'out/memo.md'))
    expectRefused(['verify', 'out'], cwd, 'out', /entry "memo\.md" is a symbolic link/)
  })

  it('refuses a bundle.zip that links to an intact bundle elsewhere, and a dangling one', () => {
    const cwd = copyOfBuild()
    renameSync(join(cwd, 'out/bundle.zip'), join(cwd, 'bundle.zip'))
    symlinkSync('../bundle.zip', join(cwd, 'out/bundle.zip'))
    expectRefused(['verify', 'out'], cwd, 'out/bundle.zip', /the bundle is a symbolic link, not a regular file/)
    rmSync(join(cwd, 'bundle.zip'))
    expectRefused(['verify', 'out'], cwd, 'out/bundle.zip', /the bundle is a symbolic link/)
  })

  it('refuses a FIFO named bundle.zip without waiting on it', () => {
    const cwd = copyOfBuild()
    rmSync(join(cwd, 'out/bundle.zip'))
    execFileSync('mkfifo', [join(cwd, 'out/bundle.zip')])
    expectRefused(['verify', 'out'], cwd, 'out/bundle.zip', /the bundle is a FIFO, not a regular file/)
  })

  it('still verifies a bundle the user names through a link of their own', () => {
    const cwd = copyOfBuild()
    symlinkSync('out/bundle.zip', join(cwd, 'mine.zip'))
    const run = mwpack(['verify', 'mine.zip'], { cwd })
    expect(run.code, run.stderr).toBe(0)
  })
})
