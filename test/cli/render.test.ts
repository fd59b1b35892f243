import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mwpack } from '../helpers/cli.js'
import { snapshotTree, tempDir } from '../helpers/tree.js'

/** A PATH holding only node itself: no pandoc, no Chromium. */
function barePath(): string {
  const bin = join(tempDir(), 'bin')
  mkdirSync(bin)
  symlinkSync(process.execPath, join(bin, 'node'))
  return bin
}

const has = (program: string) => !spawnSync(program, ['--version'], { stdio: 'ignore' }).error

describe('mwpack render', () => {
  it('writes memo.html beside memo.md, with the live numbers resolved', () => {
    const out = join(tempDir(), '5mw')
    const { code, stdout } = mwpack(['render', 'playground/5mw.memo.md', '--out', out])
    expect(code).toBe(0)
    expect(stdout).toMatch(/memo\.html +[\d,]+ B/)
    expect(readdirSync(out).sort()).toEqual(['MANIFEST.json', 'bundle.zip', 'cluster_report.json', 'memo.html', 'memo.md'])
    const html = readFileSync(join(out, 'memo.html'), 'utf8')
    expect(html).toContain('<strong>451 nodes</strong>')
    expect(mwpack(['verify', out]).code).toBe(0)
  })

  it('exits 4 with a clear message when pandoc is asked for and missing, writing nothing', () => {
    const cwd = tempDir()
    const out = join(cwd, 'out')
    const { code, stderr } = mwpack(['render', `${process.cwd()}/playground/5mw.memo.md`, '--out', out, '--engine', 'pandoc'], {
      cwd,
      env: { PATH: barePath() },
    })
    expect(code).toBe(4)
    expect(stderr).toContain('error: pandoc was asked for (--engine pandoc) but is not installed or not on PATH')
    expect(stderr).toContain('[MWP_RENDERER_MISSING]')
    expect(existsSync(out)).toBe(false)
  })

  it('exits 4 for --format pdf when no PDF engine is available, leaving an earlier build as it was', () => {
    const cwd = tempDir()
    const out = join(cwd, 'out')
    expect(mwpack(['build', `${process.cwd()}/playground/5mw.memo.md`, '--out', out], { cwd }).code).toBe(0)
    const before = snapshotTree(out)
    const { code, stderr } = mwpack(['render', `${process.cwd()}/playground/5mw.memo.md`, '--out', out, '--format', 'pdf'], { cwd, env: { PATH: barePath() } })
    expect(code).toBe(4)
    expect(stderr).toContain('no PDF engine found')
    expect(snapshotTree(out)).toEqual(before)
  })

  it('rejects an unknown engine or format as a user error', () => {
    expect(mwpack(['render', 'playground/5mw.memo.md', '--engine', 'word']).code).toBe(2)
    expect(mwpack(['render', 'playground/5mw.memo.md', '--format', 'docx']).stderr).toContain('--format docx is not supported')
  })

  it.runIf(has('pandoc'))('renders the body with pandoc when asked', () => {
    const out = join(tempDir(), '5mw')
    expect(mwpack(['render', 'playground/5mw.memo.md', '--out', out, '--engine', 'pandoc']).code).toBe(0)
    const html = readFileSync(join(out, 'memo.html'), 'utf8')
    expect(html).toContain('<section class="sizing"')
    expect(html).toMatch(/<table>\s*<thead>/)
  })

  it.runIf(has('chromium'))('prints memo.pdf with Chromium', () => {
    const out = join(tempDir(), '5mw')
    expect(mwpack(['render', 'playground/5mw.memo.md', '--out', out, '--format', 'pdf']).code).toBe(0)
    expect(readFileSync(join(out, 'memo.pdf')).subarray(0, 5).toString()).toBe('%PDF-')
  })
})
