import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mwpack } from '../helpers/cli.js'
import { requireProgram } from '../helpers/required-tools.js'
import { snapshotTree, tempDir } from '../helpers/tree.js'

/** A PATH holding only node itself: no pandoc, no Chromium. */
function barePath(): string {
  const bin = join(tempDir(), 'bin')
  mkdirSync(bin)
  symlinkSync(process.execPath, join(bin, 'node'))
  return bin
}

/** A folder with a fake `name` that answers --version and does `script` (sh) for anything else. */
function fakeProgram(name: string, script: string): string {
  const bin = join(tempDir(), 'bin')
  mkdirSync(bin)
  writeFileSync(join(bin, name), `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "${name} 99"; exit 0; fi\n${script}\n`)
  chmodSync(join(bin, name), 0o755)
  return bin
}

describe('mwpack render', () => {
  it('writes memo.html beside memo.md, with the live numbers resolved', () => {
    const out = join(tempDir(), '5mw')
    const { code, stdout } = mwpack(['render', 'fixtures/memos/v1-5mw/5mw.memo.md', '--out', out])
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
    const { code, stderr } = mwpack(['render', `${process.cwd()}/fixtures/memos/v1-5mw/5mw.memo.md`, '--out', out, '--engine', 'pandoc'], {
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
    expect(mwpack(['build', `${process.cwd()}/fixtures/memos/v1-5mw/5mw.memo.md`, '--out', out], { cwd }).code).toBe(0)
    const before = snapshotTree(out)
    const { code, stderr } = mwpack(['render', `${process.cwd()}/fixtures/memos/v1-5mw/5mw.memo.md`, '--out', out, '--format', 'pdf'], {
      cwd,
      env: { PATH: barePath() },
    })
    expect(code).toBe(4)
    expect(stderr).toContain('no PDF engine found')
    expect(snapshotTree(out)).toEqual(before)
  })

  it('exits 4, not 3, when pandoc answers --version but cannot convert, writing nothing', () => {
    const cwd = tempDir()
    const out = join(cwd, 'out')
    const bin = fakeProgram('pandoc', 'echo "pandoc: Unknown reader: gfm" >&2; exit 21')
    const { code, stderr } = mwpack(['render', `${process.cwd()}/fixtures/memos/v1-5mw/5mw.memo.md`, '--out', out, '--engine', 'pandoc'], {
      cwd,
      env: { PATH: `${bin}:${process.env.PATH}` },
    })
    expect(code).toBe(4)
    expect(stderr).toContain('error: pandoc could not convert the memo (exit 21): pandoc: Unknown reader: gfm')
    expect(stderr).toContain('[MWP_RENDERER_FAILED]')
    expect(stderr).not.toContain('internal error')
    expect(existsSync(out)).toBe(false)
  })

  it('exits 4 when pandoc runs past MWPACK_RENDER_TIMEOUT', () => {
    const cwd = tempDir()
    const bin = fakeProgram('pandoc', 'exec sleep 30')
    const started = Date.now()
    const { code, stderr } = mwpack(['render', `${process.cwd()}/fixtures/memos/v1-5mw/5mw.memo.md`, '--out', join(cwd, 'out'), '--engine', 'pandoc'], {
      cwd,
      env: { PATH: `${bin}:${process.env.PATH}`, MWPACK_RENDER_TIMEOUT: '0.5' },
    })
    expect(code).toBe(4)
    expect(stderr).toContain('pandoc did not finish converting the memo within 0.5 s')
    expect(Date.now() - started).toBeLessThan(25_000)
  })

  it('exits 4, not 3, when Chromium answers --version but cannot print, leaving an earlier build as it was', () => {
    const cwd = tempDir()
    const out = join(cwd, 'out')
    expect(mwpack(['build', `${process.cwd()}/fixtures/memos/v1-5mw/5mw.memo.md`, '--out', out], { cwd }).code).toBe(0)
    const before = snapshotTree(out)
    const bin = fakeProgram('chrome', 'echo "cannot open display" >&2; exit 1')
    const { code, stderr } = mwpack(['render', `${process.cwd()}/fixtures/memos/v1-5mw/5mw.memo.md`, '--out', out, '--format', 'pdf'], {
      cwd,
      env: { MWPACK_CHROMIUM: join(bin, 'chrome') },
    })
    expect(code).toBe(4)
    expect(stderr).toMatch(/chrome stopped before it printed the page \(exit 1\); it said: cannot open display; .* \[MWP_RENDERER_FAILED\]/)
    expect(snapshotTree(out)).toEqual(before)
  })

  it('refuses an MWPACK_RENDER_TIMEOUT that is not a number of seconds', () => {
    for (const value of ['abc', '0', '-1', '1e3', '9999']) {
      const { code, stderr } = mwpack(['render', 'fixtures/memos/v1-5mw/5mw.memo.md', '--out', join(tempDir(), 'o')], { env: { MWPACK_RENDER_TIMEOUT: value } })
      expect(code, value).toBe(2)
      expect(stderr).toContain(`MWPACK_RENDER_TIMEOUT is "${value}"; expected a number of seconds from 0.1 to 3600`)
    }
  })

  it('names --config when a memo cites figures and has no config', () => {
    const cwd = tempDir()
    writeFileSync(join(cwd, 'lone.memo.md'), '# Lone\n\nWe fit {{ nodes }} nodes.\n')
    const { code, stderr } = mwpack(['render', 'lone.memo.md', '--out', 'out'], { cwd })
    expect(code).toBe(2)
    expect(stderr).toContain(
      'lone.memo.md:3:8: error: the memo uses {{ nodes }}, but it has no cluster config to take numbers from; add NAME.cluster.json or cluster.json beside the memo, or pass --config [MWP_MEMO_NEEDS_CONFIG]',
    )
    expect(existsSync(join(cwd, 'out'))).toBe(false)
  })

  it('rejects an unknown engine or format as a user error', () => {
    expect(mwpack(['render', 'fixtures/memos/v1-5mw/5mw.memo.md', '--engine', 'word']).code).toBe(2)
    expect(mwpack(['render', 'fixtures/memos/v1-5mw/5mw.memo.md', '--format', 'docx']).stderr).toContain('--format docx is not supported')
  })

  it('renders the body with pandoc when asked', () => {
    requireProgram('pandoc')
    const out = join(tempDir(), '5mw')
    expect(mwpack(['render', 'fixtures/memos/v1-5mw/5mw.memo.md', '--out', out, '--engine', 'pandoc']).code).toBe(0)
    const html = readFileSync(join(out, 'memo.html'), 'utf8')
    expect(html).toContain('<section class="sizing"')
    expect(html).toMatch(/<table>\s*<thead>/)
  })

  it('prints memo.pdf with Chromium, its title the memo’s and no temporary path in it', () => {
    requireProgram('chromium')
    const out = join(tempDir(), '5mw')
    expect(mwpack(['render', 'fixtures/memos/v1-5mw/5mw.memo.md', '--out', out, '--format', 'pdf']).code).toBe(0)
    const pdf = readFileSync(join(out, 'memo.pdf')).toString('latin1')
    expect(pdf.slice(0, 5)).toBe('%PDF-')
    expect(pdf).toContain('/Title (How much compute fits in 5 MW?)')
    expect(pdf).not.toMatch(/mwpack-pdf-|file:\/\//)
  })
})
