import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/cli.js'
import { inProcess } from '../helpers/in-process.js'
import { snapshotTree, tempDir } from '../helpers/tree.js'

/** A folder with the example memo and config, as a user has it. */
function example(): string {
  const dir = tempDir()
  cpSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.memo.md`, join(dir, '5mw.memo.md'))
  cpSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`, join(dir, '5mw.cluster.json'))
  return dir
}

/** Runs the command in `cwd` and expects exit 2, one line naming --out with `code`, and nothing changed anywhere under `root`. */
async function expectRefused(args: string[], cwd: string, root: string, code: string, says: RegExp): Promise<void> {
  const before = snapshotTree(root)
  const run = await inProcess(args, { cwd })
  expect(run.code, run.stderr).toBe(2)
  expect(run.stdout).toBe('')
  expect(run.stderr).toMatch(says)
  expect(run.stderr).toContain(`[${code}]`)
  expect(run.stderr).not.toMatch(/\n\s+at /)
  expect(snapshotTree(root)).toEqual(before)
}

describe('build refuses an --out it must not replace, and changes nothing', () => {
  it('refuses the current folder, even an empty one, and says why', async () => {
    const root = example()
    const empty = join(root, 'empty')
    mkdirSync(empty)
    await expectRefused(['build', '../5mw.memo.md', '--out', '.'], empty, root, 'MWP_OUT_UNSAFE', /--out \. is the current folder/)
    await expectRefused(['build', '../5mw.memo.md', '--out', './'], empty, root, 'MWP_OUT_UNSAFE', /--out \.\/ is the current folder/)
    await expectRefused(['build', '../5mw.memo.md', '--out', '../empty'], empty, root, 'MWP_OUT_UNSAFE', /--out \.\.\/empty is the current folder/)
    expect(existsSync(empty)).toBe(true)
  })

  it('refuses a folder above the current one', async () => {
    const root = example()
    const deep = join(root, 'a/b')
    mkdirSync(deep, { recursive: true })
    await expectRefused(['build', '../../5mw.memo.md', '--out', '..'], deep, root, 'MWP_OUT_UNSAFE', /--out \.\. is a folder above the current folder/)
  })

  it("refuses the memo's own folder and the folders above it, however the path is spelled", async () => {
    const root = example()
    mkdirSync(join(root, 'work'))
    const cwd = join(root, 'work')
    await expectRefused(['build', '../5mw.memo.md', '--out', '..'], cwd, root, 'MWP_OUT_UNSAFE', /--out \.\. is a folder above the current folder/)
    // From elsewhere, so the current-folder rule is not what refuses it.
    const other = tempDir()
    await expectRefused(
      ['build', join(root, '5mw.memo.md'), '--out', root],
      other,
      root,
      'MWP_OUT_UNSAFE',
      /holds the memo .*5mw\.memo\.md; replacing it would delete it/,
    )
    await expectRefused(['build', join(root, '5mw.memo.md'), '--out', `${root}/sub/..`], other, root, 'MWP_OUT_UNSAFE', /holds the memo/)
    mkdirSync(join(root, 'docs/deep'), { recursive: true })
    cpSync(join(root, '5mw.memo.md'), join(root, 'docs/deep/x.memo.md'))
    await expectRefused(['build', join(root, 'docs/deep/x.memo.md'), '--out', join(root, 'docs')], other, root, 'MWP_OUT_UNSAFE', /holds the memo/)
  })

  it('refuses the memo or the config itself as --out', async () => {
    const root = example()
    await expectRefused(
      ['build', '5mw.memo.md', '--out', '5mw.memo.md'],
      root,
      root,
      'MWP_OUT_UNSAFE',
      /--out 5mw\.memo\.md is the memo itself; expected a folder/,
    )
    await expectRefused(
      ['build', '5mw.memo.md', '--out', './5mw.cluster.json'],
      root,
      root,
      'MWP_OUT_UNSAFE',
      /--out \.\/5mw\.cluster\.json is the cluster config itself/,
    )
  })

  it("refuses the cluster config's folder when it is not the memo's", async () => {
    const root = example()
    mkdirSync(join(root, 'configs'))
    cpSync(join(root, '5mw.cluster.json'), join(root, 'configs/c.json'))
    await expectRefused(
      ['build', '5mw.memo.md', '--config', 'configs/c.json', '--out', 'configs'],
      root,
      root,
      'MWP_OUT_UNSAFE',
      /--out configs holds the cluster config configs\/c\.json/,
    )
  })

  it('refuses a folder that holds a linked memo, and a memo reached through a link', async () => {
    const root = example()
    mkdirSync(join(root, 'links'))
    symlinkSync(join(root, '5mw.memo.md'), join(root, 'links/5mw.memo.md'))
    cpSync(join(root, '5mw.cluster.json'), join(root, 'links/5mw.cluster.json'))
    await expectRefused(['build', 'links/5mw.memo.md', '--out', 'links'], root, root, 'MWP_OUT_UNSAFE', /holds the memo links\/5mw\.memo\.md/)
    symlinkSync(root, join(root, 'here'))
    await expectRefused(['build', 'here/5mw.memo.md', '--out', 'here'], root, root, 'MWP_OUT_UNSAFE', /--out here is the current folder/)
  })

  it('refuses an --out that is a symbolic link, to a folder or to nothing', async () => {
    const root = example()
    mkdirSync(join(root, 'real'))
    symlinkSync('real', join(root, 'linked'))
    symlinkSync('missing', join(root, 'dangling'))
    await expectRefused(['build', '5mw.memo.md', '--out', 'linked'], root, root, 'MWP_OUT_UNSAFE', /--out linked is a symbolic link/)
    await expectRefused(['build', '5mw.memo.md', '--out', 'dangling'], root, root, 'MWP_OUT_UNSAFE', /--out dangling is a symbolic link/)
  })

  it("refuses a folder of mwpack's file names that mwpack did not build (no MANIFEST.json of its own)", async () => {
    const root = example()
    mkdirSync(join(root, 'notes'))
    writeFileSync(join(root, 'notes/memo.md'), '# my own notes\n')
    await expectRefused(
      ['build', '5mw.memo.md', '--out', 'notes'],
      root,
      root,
      'MWP_OUT_NOT_OURS',
      /--out notes holds memo\.md but no MANIFEST\.json of mwpack's/,
    )
    writeFileSync(join(root, 'notes/MANIFEST.json'), '{ "files": [] }\n')
    await expectRefused(['build', '5mw.memo.md', '--out', 'notes'], root, root, 'MWP_OUT_NOT_OURS', /no MANIFEST\.json of mwpack's/)
    mkdirSync(join(root, 'mixed'))
    writeFileSync(join(root, 'mixed/todo.txt'), 'keep me\n')
    await expectRefused(['build', '5mw.memo.md', '--out', 'mixed'], root, root, 'MWP_OUT_NOT_OURS', /holds files mwpack did not write \(todo\.txt\)/)
  })

  it('the same rules hold for render, which writes through the same folder swap', async () => {
    const root = example()
    await expectRefused(['render', '5mw.memo.md', '--out', '.'], root, root, 'MWP_OUT_UNSAFE', /--out \. is the current folder/)
  })

  it('still replaces its own folders, empty folders and new paths, leaving nothing beside them', async () => {
    const root = example()
    expect((await inProcess(['build', '5mw.memo.md', '--out', 'out/5mw'], { cwd: root })).code).toBe(0)
    const again = await inProcess(['build', '5mw.memo.md', '--out', 'out/5mw', '--source-date-epoch', '7'], { cwd: root })
    expect(again.code, again.stderr).toBe(0)
    mkdirSync(join(root, 'out/empty'))
    expect((await inProcess(['build', '5mw.memo.md', '--out', 'out/empty'], { cwd: root })).code).toBe(0)
    expect(readdirSync(join(root, 'out')).sort()).toEqual(['5mw', 'empty'])
    expect((await inProcess(['verify', 'out/5mw'], { cwd: root })).code).toBe(0)
  })
})
