import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mwpack, ROOT } from '../helpers/cli.js'
import { snapshotTree, tempDir } from '../helpers/tree.js'

describe('mwpack init', () => {
  it('writes a starter memo and cluster.json that mwpack build accepts as they are', () => {
    const dir = tempDir()
    const init = mwpack(['init', 'docs'], { cwd: dir })
    expect(init.code).toBe(0)
    expect(init.stdout).toBe('wrote docs/cluster.json and docs/sizing.memo.md\nnext: mwpack build docs/sizing.memo.md --out mwpack-out/sizing\n')
    expect(readFileSync(join(dir, 'docs/sizing.memo.md'), 'utf8')).toBe(readFileSync(join(ROOT, 'docs/memo_template.md'), 'utf8'))
    const config = JSON.parse(readFileSync(join(dir, 'docs/cluster.json'), 'utf8'))
    expect(config.$schema).toBe('https://unpkg.com/mwpack/schemas/cluster.schema.json')
    const build = mwpack(['build', 'docs/sizing.memo.md', '--strict'], { cwd: dir })
    expect(build.stderr).toBe('')
    expect(build.code).toBe(0)
    expect(existsSync(join(dir, 'dist/sizing/bundle.zip'))).toBe(true)
  })

  it('suggests the default dist/ in a VitePress site, which publishes every Markdown file but those under dist/', () => {
    const dir = tempDir()
    mkdirSync(join(dir, '.vitepress'))
    const init = mwpack(['init', 'guide'], { cwd: dir })
    expect(init.stdout).toBe('wrote guide/cluster.json and guide/sizing.memo.md\nnext: mwpack build guide/sizing.memo.md\n')
    expect(mwpack(['build', 'guide/sizing.memo.md'], { cwd: dir }).code).toBe(0)
    expect(existsSync(join(dir, 'dist/sizing/memo.md'))).toBe(true)
  })

  it('points $schema at the installed package when there is one, so editors work offline', () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'node_modules'))
    symlinkSync(ROOT, join(dir, 'node_modules/mwpack'), 'dir')
    expect(mwpack(['init', 'docs/memos'], { cwd: dir }).code).toBe(0)
    const config = JSON.parse(readFileSync(join(dir, 'docs/memos/cluster.json'), 'utf8'))
    expect(config.$schema).toBe('../../node_modules/mwpack/schemas/cluster.schema.json')
    expect(existsSync(join(dir, 'docs/memos', config.$schema))).toBe(true)
  })

  it('writes into the current folder without an argument', () => {
    const dir = tempDir()
    expect(mwpack(['init'], { cwd: dir }).code).toBe(0)
    expect(existsSync(join(dir, 'sizing.memo.md')) && existsSync(join(dir, 'cluster.json'))).toBe(true)
  })

  it.each(['sizing.memo.md', 'cluster.json'])('refuses to overwrite an existing %s: exit 2, a message naming it, nothing changed', (existing) => {
    const dir = tempDir()
    writeFileSync(join(dir, existing), 'mine\n')
    const before = snapshotTree(dir)
    const init = mwpack(['init'], { cwd: dir })
    expect(init.code).toBe(2)
    expect(init.stderr).toBe(
      `${existing}: error: ${existing} already exists; mwpack init writes only new files and changed nothing; run it in another folder (mwpack init docs/new-site), or move the file away [MWP_OUT_NOT_OURS]\n`,
    )
    expect(snapshotTree(dir)).toEqual(before)
  })

  it('refuses a file where the folder should be', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'docs'), '')
    const init = mwpack(['init', 'docs'], { cwd: dir })
    expect(init.code).toBe(2)
    expect(init.stderr).toContain('docs is a file, expected a folder for the starter memo')
  })

  it('treats a dangling symbolic link where a starter file goes as taken, and writes neither file', () => {
    const dir = tempDir()
    symlinkSync(join(dir, 'nowhere.md'), join(dir, 'sizing.memo.md'))
    const init = mwpack(['init'], { cwd: dir })
    expect(init.code).toBe(2)
    expect(init.stderr).toContain('sizing.memo.md: error: sizing.memo.md already exists (a symbolic link to a missing file)')
    expect(existsSync(join(dir, 'cluster.json'))).toBe(false)
    expect(readdirSync(dir)).toEqual(['sizing.memo.md'])
  })

  it.each([
    ['a folder path through a file', (dir: string) => (writeFileSync(join(dir, 'ok.memo.md'), '# mine\n'), 'ok.memo.md/sub'), 'a part of the path is a file'],
    ['a folder name longer than the file system allows', () => 'x'.repeat(300), 'the path is too long'],
    ['a folder the system does not let anyone write', () => '/proc/self', 'the folder does not take new files'],
  ])('refuses %s: exit 2, one line naming the folder, nothing left behind', (_, setUp, reason) => {
    const dir = tempDir()
    const target = setUp(dir)
    const before = snapshotTree(dir)
    const init = mwpack(['init', target], { cwd: dir })
    expect(init.stderr).toMatch(
      new RegExp(
        `^error: cannot write the starter files into ${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${reason}; nothing was written \\[MWP_OUT_UNWRITABLE\\]\n$`,
      ),
    )
    expect(init.code).toBe(2)
    expect(snapshotTree(dir)).toEqual(before)
  })

  it('leaves no folder it created when it cannot finish', () => {
    const dir = tempDir()
    const init = mwpack(['init', `new/deeper/${'x'.repeat(300)}`], { cwd: dir })
    expect(init.code).toBe(2)
    expect(existsSync(join(dir, 'new'))).toBe(false)
  })
})
