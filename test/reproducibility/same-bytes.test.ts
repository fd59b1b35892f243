import { createHash } from 'node:crypto'
import { cpSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT, mwpack, type RunOptions } from '../helpers/cli.js'
import { requireNode24 } from '../helpers/required-tools.js'
import { tempDir } from '../helpers/tree.js'

/**
 * "Same inputs, same bytes": the example is built under one variation of the
 * machine at a time, and every artifact must hash exactly as the baseline's.
 */

const ARTIFACTS = ['memo.md', 'cluster_report.json', 'MANIFEST.json', 'bundle.zip', 'memo.html']

interface Variation {
  /** Where the inputs live, relative to a fresh temp folder. */
  folder?: string
  /** Working directory relative to the inputs' folder; the memo path is then relative from there. */
  cwd?: string
  run?: RunOptions
  prepare?: (folder: string) => void
}

function build(variation: Variation): Record<string, string> {
  const root = tempDir()
  const folder = join(root, variation.folder ?? 'memo')
  mkdirSync(folder, { recursive: true })
  cpSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.memo.md`, join(folder, '5mw.memo.md'))
  cpSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`, join(folder, '5mw.cluster.json'))
  variation.prepare?.(folder)
  const cwd = join(folder, variation.cwd ?? '.')
  mkdirSync(cwd, { recursive: true })
  const memo = relative(cwd, join(folder, '5mw.memo.md'))
  const out = join(root, 'out')
  // render = build + memo.html, so the page is held to the same standard as the bundle.
  const result = mwpack(['render', memo, '--out', out], { ...variation.run, cwd, env: { SOURCE_DATE_EPOCH: '1700000000', ...variation.run?.env } })
  expect(result.stderr).toBe('')
  expect(result.code).toBe(0)
  return Object.fromEntries(
    ARTIFACTS.map((name) => [
      name,
      createHash('sha256')
        .update(readFileSync(join(out, name)))
        .digest('hex'),
    ]),
  )
}

const toCrlf = (file: string) => writeFileSync(file, readFileSync(file, 'utf8').replace(/\r?\n/g, '\r\n'))

describe('the example builds to the same bytes', () => {
  const baseline = build({})

  it.each(['America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'Etc/GMT+12'])('in time zone %s', (TZ) => {
    expect(build({ run: { env: { TZ } } })).toEqual(baseline)
  })

  it.each(['tr_TR.UTF-8', 'de_DE.UTF-8', 'ja_JP.UTF-8', 'C'])('in locale %s', (locale) => {
    expect(build({ run: { env: { LANG: locale, LC_ALL: locale } } })).toEqual(baseline)
  })

  it.each(['077', '000'])('under umask %s', (umask) => {
    expect(build({ run: { shellPrefix: `umask ${umask};` } })).toEqual(baseline)
  })

  it('from another working directory', () => {
    expect(build({ cwd: 'sub/dir' })).toEqual(baseline)
  })

  it('from another checkout path, with spaces and non-ASCII letters in it', () => {
    expect(build({ folder: 'a very/deep dossier é/checkout' })).toEqual(baseline)
  })

  it('whatever the files’ modification times', () => {
    const old = new Date('1990-06-01T00:00:00Z')
    const future = new Date('2031-01-01T00:00:00Z')
    expect(
      build({
        prepare: (folder) => {
          utimesSync(join(folder, '5mw.memo.md'), old, old)
          utimesSync(join(folder, '5mw.cluster.json'), future, future)
        },
      }),
    ).toEqual(baseline)
  })

  it('from a CRLF checkout', () => {
    expect(
      build({
        prepare: (folder) => {
          toCrlf(join(folder, '5mw.memo.md'))
          toCrlf(join(folder, '5mw.cluster.json'))
        },
      }),
    ).toEqual(baseline)
  })

  it('under Node 24 as well as the Node running the tests', () => {
    expect(build({ run: { node: requireNode24() } })).toEqual(baseline)
  })

  it('changes when SOURCE_DATE_EPOCH changes, and only in the manifest and the zip', () => {
    const other = build({ run: { env: { SOURCE_DATE_EPOCH: '1800000000' } } })
    expect(other['memo.md']).toBe(baseline['memo.md'])
    expect(other['memo.html']).toBe(baseline['memo.html'])
    expect(other['cluster_report.json']).toBe(baseline['cluster_report.json'])
    expect(other['MANIFEST.json']).not.toBe(baseline['MANIFEST.json'])
    expect(other['bundle.zip']).not.toBe(baseline['bundle.zip'])
  })
})
