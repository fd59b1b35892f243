import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ARCHIVE_LIMITS, FILE_LIMITS, JSON_LIMITS, MAX_FOLDER_ENTRIES, formatBytes } from '../../src/input-limits.js'
import { MAX_SWEEP_POINTS, tarGzBundle } from '../../src/index.js'
import { ROOT, mwpack } from '../helpers/cli.js'
import { mwpackInProcess } from '../helpers/in-process.js'
import { GiB, configWithCurve, exampleFolder, memoOfSize, sparseFile } from '../helpers/limits.js'
import { rawZip } from '../helpers/raw-zip.js'
import { snapshotTree } from '../helpers/tree.js'

/** The first diagnostic of a --json run, with the exit code. */
async function firstProblem(argv: string[], cwd: string) {
  const run = await mwpackInProcess([...argv, '--json'], cwd)
  const document = JSON.parse(run.stdout)
  return { code: run.code, diagnostic: document.diagnostics[0], elapsedMs: run.elapsedMs, stderr: run.stderr }
}

/** A folder built from the example, for verify and package. */
async function builtExample(): Promise<{ cwd: string; out: string }> {
  const cwd = exampleFolder()
  const run = await mwpackInProcess(['build', '5mw.memo.md', '--out', 'out'], cwd)
  expect(run.code, run.stderr).toBe(0)
  return { cwd, out: join(cwd, 'out') }
}

describe('a memo is at most 128 KiB, as written and with its live numbers resolved', () => {
  it('as written: one byte more is refused by its size, and so is a sparse 3 GB memo, without reading it', async () => {
    const cwd = exampleFolder()
    writeFileSync(join(cwd, 'big.memo.md'), memoOfSize(FILE_LIMITS.memoBytes + 1, 'A line of prose about power and fabric.\n\n'))
    const over = await firstProblem(['validate', 'big.memo.md', '--config', '5mw.cluster.json'], cwd)
    expect(over.code).toBe(2)
    expect(over.diagnostic).toMatchObject({
      code: 'MWP_FILE_TOO_LARGE',
      file: 'big.memo.md',
      message: 'the memo is 128.0 KiB (131073 bytes); mwpack reads at most 128 KiB',
    })

    sparseFile(join(cwd, 'huge.memo.md'), 3 * GiB)
    const huge = await firstProblem(['build', 'huge.memo.md', '--config', '5mw.cluster.json'], cwd)
    expect(huge.diagnostic).toMatchObject({ code: 'MWP_FILE_TOO_LARGE', message: 'the memo is 3 GiB (3221225472 bytes); mwpack reads at most 128 KiB' })

    writeFileSync(join(cwd, 'limit.memo.md'), memoOfSize(FILE_LIMITS.memoBytes, 'A line of prose about power and fabric.\n\n'))
    expect((await mwpackInProcess(['build', 'limit.memo.md', '--config', '5mw.cluster.json', '--out', 'limit'], cwd)).code).toBe(0)
  })

  it('with its live numbers resolved: the reference that would take it past the limit is named, and nothing is built', async () => {
    const cwd = exampleFolder()
    writeFileSync(join(cwd, 'tables.cluster.json'), configWithCurve(1000))
    writeFileSync(join(cwd, 'tables.memo.md'), `# Tables\n\n${'{{ table capping }}\n\n'.repeat(300)}`)
    const before = snapshotTree(cwd)
    const run = await firstProblem(['build', 'tables.memo.md'], cwd)
    expect(run.diagnostic).toMatchObject({ code: 'MWP_FILE_TOO_LARGE', file: 'tables.memo.md', position: { column: 1 } })
    expect(run.diagnostic.message).toMatch(/^the memo with its live numbers resolved is [\d.]+ KiB \(\d+ bytes\); mwpack reads at most 128 KiB$/)
    expect(run.diagnostic.hint).toBe('{{ table capping }} takes it past the limit; cite fewer or smaller tables')
    expect(run.diagnostic.position.line).toBeGreaterThan(3)
    expect(snapshotTree(cwd)).toEqual(before)
  })
})

describe('a cluster.json is at most 1 MiB', () => {
  it('one byte more, or a sparse 3 GB file, is refused by its size; a config padded to the limit sizes', async () => {
    const cwd = exampleFolder()
    const config = readFileSync(join(cwd, '5mw.cluster.json'), 'utf8')
    writeFileSync(join(cwd, 'padded.cluster.json'), config.padEnd(FILE_LIMITS.configBytes, ' '))
    expect((await mwpackInProcess(['size', 'padded.cluster.json'], cwd)).code).toBe(0)
    writeFileSync(join(cwd, 'over.cluster.json'), config.padEnd(FILE_LIMITS.configBytes + 1, ' '))
    expect((await firstProblem(['size', 'over.cluster.json'], cwd)).diagnostic).toMatchObject({
      code: 'MWP_FILE_TOO_LARGE',
      message: 'the cluster config is 1.0 MiB (1048577 bytes); mwpack reads at most 1 MiB',
    })
    sparseFile(join(cwd, 'huge.cluster.json'), 3 * GiB)
    expect((await firstProblem(['size', 'huge.cluster.json'], cwd)).diagnostic).toMatchObject({ code: 'MWP_FILE_TOO_LARGE' })
  })
})

describe('JSON is measured before it is parsed', () => {
  const cases: Array<[string, string, string, { line: number; column: number }]> = [
    [
      'nested 65 levels',
      `{"a":${'['.repeat(64)}${']'.repeat(64)}}`,
      'the JSON is nested more than 64 levels deep; mwpack reads at most 64',
      { line: 1, column: 69 },
    ],
    [
      'an array of 10,001 items',
      `{\n  "x": [${Array(10_001).fill('1').join(',')}]\n}`,
      'the JSON has an array of more than 10000 items; mwpack reads at most 10000',
      { line: 2, column: 9 + 2 * 10_000 },
    ],
    [
      'an object of 1,001 members (130,000 duplicate keys included)',
      `{${Array.from({ length: 130_000 }, () => '"a":1').join(',')}}`,
      'the JSON has an object of more than 1000 members; mwpack reads at most 1000',
      { line: 1, column: 2 + 6 * 1000 },
    ],
    [
      'more than 50,000 values',
      `{"x":[${Array.from({ length: 6 }, () => `[${Array(9_000).fill('0').join(',')}]`).join(',')}]}`,
      'the JSON has more than 50000 values; mwpack reads at most 50000',
      { line: 1, column: 0 },
    ],
  ]
  it.each(cases)('%s: refused at the value past the limit, in milliseconds', async (_, text, message, position) => {
    const cwd = exampleFolder()
    writeFileSync(join(cwd, 'c.cluster.json'), text)
    const run = await firstProblem(['size', 'c.cluster.json'], cwd)
    expect(run.code).toBe(2)
    expect(run.diagnostic).toMatchObject({ code: 'MWP_JSON_LIMIT', message, file: 'c.cluster.json' })
    if (position.column > 0) expect(run.diagnostic.position).toEqual(position)
  })

  it('counts, not guesses: an array of exactly 10,000 items passes the parser and meets the schema', async () => {
    const cwd = exampleFolder()
    writeFileSync(join(cwd, 'curve.cluster.json'), configWithCurve(10_000))
    const run = await firstProblem(['size', 'curve.cluster.json'], cwd)
    expect(run.diagnostic).toMatchObject({ code: 'MWP_CONFIG_RANGE', path: 'power_capping.curve' })
    expect(run.diagnostic.message).toContain('at most 1000 items')
  })

  it('the same limits hold for MANIFEST.json, which is also at most 64 KiB', async () => {
    const { cwd, out } = await builtExample()
    const manifest = readFileSync(join(out, 'MANIFEST.json'), 'utf8')
    writeFileSync(join(out, 'MANIFEST.json'), manifest.padEnd(FILE_LIMITS.manifestBytes + 1, ' '))
    expect((await firstProblem(['package', 'out'], cwd)).diagnostic).toMatchObject({
      code: 'MWP_FILE_TOO_LARGE',
      message: 'the manifest is 64.0 KiB (65537 bytes); mwpack reads at most 64 KiB',
    })
    writeFileSync(join(out, 'MANIFEST.json'), manifest.replace('{', `{"x": ${'['.repeat(70)}${']'.repeat(70)},`))
    expect((await firstProblem(['verify', 'out'], cwd)).diagnostic).toMatchObject({ code: 'MWP_JSON_LIMIT', file: 'out:MANIFEST.json', position: { line: 1 } })
  })
})

describe('verify reads within the bundle limits', () => {
  it('a folder file past 2 MiB (a sparse 3 GB memo.md) is refused by its size, never read', async () => {
    const { cwd, out } = await builtExample()
    rmSync(join(out, 'memo.md'))
    sparseFile(join(out, 'memo.md'), 3 * GiB)
    // Spawned, as a user runs it: no exit 3, no 3 GB of memory.
    const run = mwpack(['verify', 'out'], { cwd })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(
      `out/memo.md: error: the bundle file is 3 GiB (3221225472 bytes); mwpack reads at most ${formatBytes(FILE_LIMITS.bundleFileBytes)}`,
    )
  })

  it('an archive past 8 MiB (a sparse 3 GB bundle.zip) is refused by its size', async () => {
    const cwd = exampleFolder()
    sparseFile(join(cwd, 'bundle.zip'), 3 * GiB)
    expect((await firstProblem(['verify', 'bundle.zip'], cwd)).diagnostic).toMatchObject({
      code: 'MWP_FILE_TOO_LARGE',
      message: 'the bundle is 3 GiB (3221225472 bytes); mwpack reads at most 8 MiB',
    })
  })

  it('an archive that expands past 4 MiB is refused before anything is inflated', async () => {
    const cwd = exampleFolder()
    const declared = ARCHIVE_LIMITS.maxUnpackedBytes / 2 + 1
    const zip = Buffer.from(rawZip([{ name: 'a.md' }, { name: 'b.md' }]))
    // Declare each entry as deflated to more than half the limit: the sum passes it, so the reader stops at the declarations.
    const central = Buffer.from([0x50, 0x4b, 0x01, 0x02])
    for (let at = zip.indexOf(central); at !== -1; at = zip.indexOf(central, at + 4)) {
      zip.writeUInt16LE(8, at + 10)
      zip.writeUInt32LE(declared, at + 24)
    }
    writeFileSync(join(cwd, 'bundle.zip'), zip)
    expect((await firstProblem(['verify', 'bundle.zip'], cwd)).diagnostic).toMatchObject({
      code: 'MWP_FILE_TOO_LARGE',
      message: `the zip expands to more than ${ARCHIVE_LIMITS.maxUnpackedBytes} bytes; not a memo bundle`,
    })
    writeFileSync(join(cwd, 'bundle.tar.gz'), tarGzBundle([{ path: 'memo.md', bytes: new Uint8Array(ARCHIVE_LIMITS.maxUnpackedBytes) }], 0))
    expect((await firstProblem(['verify', 'bundle.tar.gz'], cwd)).diagnostic).toMatchObject({ code: 'MWP_FILE_TOO_LARGE' })
  })

  it('an archive of more than 64 entries, or with a pax header past 64 KiB, is refused', async () => {
    const cwd = exampleFolder()
    writeFileSync(join(cwd, 'many.zip'), rawZip(Array.from({ length: ARCHIVE_LIMITS.maxEntries + 1 }, (_, i) => ({ name: `f${i}.md`, data: 'x' }))))
    expect((await firstProblem(['verify', 'many.zip'], cwd)).diagnostic).toMatchObject({
      code: 'MWP_FILE_TOO_LARGE',
      message: 'the zip has 65 entries; a bundle has a handful, and verify reads at most 64',
    })
    const pax = `${'1'.repeat(6)} comment=${'x'.repeat(ARCHIVE_LIMITS.maxPaxHeaderBytes)}\n`
    const header = Buffer.from(tarGzBundle([{ path: 'x', bytes: Buffer.from(pax) }], 0))
    // Retype the member as a pax header ('x') in place: recompute its checksum over the stored gzip body.
    const { gunzipSync } = await import('node:zlib')
    const { gzipStored } = await import('../../src/archive/tar-bundle.js')
    const tar = gunzipSync(header)
    tar[156] = 0x78
    tar.fill(0x20, 148, 156)
    const sum = tar.subarray(0, 512).reduce((n, b) => n + b, 0)
    tar.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1')
    writeFileSync(join(cwd, 'pax.tar.gz'), gzipStored(tar))
    expect((await firstProblem(['verify', 'pax.tar.gz'], cwd)).diagnostic).toMatchObject({
      code: 'MWP_FILE_TOO_LARGE',
      message: `the tar header at byte 0 is a pax header of ${pax.length} bytes; verify reads at most ${ARCHIVE_LIMITS.maxPaxHeaderBytes}`,
    })
  })

  it('a folder of more than 1,000 entries is refused without listing it all', async () => {
    const { cwd, out } = await builtExample()
    mkdirSync(join(out, 'junk'))
    for (let i = 0; i < MAX_FOLDER_ENTRIES; i++) writeFileSync(join(out, `junk-${i}`), '')
    expect((await firstProblem(['verify', 'out'], cwd)).diagnostic).toMatchObject({
      code: 'MWP_FILE_TOO_LARGE',
      message: 'the folder has more than 1000 entries; an artifact folder has about six',
    })
  })
})

describe('a cap sweep is at most 20,000 caps', () => {
  it('one cap more is refused naming the flag, before any sizing; exactly the limit sweeps', async () => {
    const cwd = exampleFolder()
    const over = await firstProblem(['size', '5mw.cluster.json', '--sweep-cap', '0.005..100.005', '--step', '0.005'], cwd)
    expect(over.code).toBe(2)
    expect(over.diagnostic).toMatchObject({ code: 'MWP_ARG_INVALID', hint: 'use a larger step' })
    expect(over.diagnostic.message).toBe(`--sweep-cap 0.005..100.005 --step 0.005 gives 20001 caps; a sweep takes at most ${MAX_SWEEP_POINTS}`)

    // Without a power_capping block: the optimizer has a work bound of its own per sweep.
    const { power_capping: _, ...nocap } = JSON.parse(readFileSync(join(cwd, '5mw.cluster.json'), 'utf8'))
    writeFileSync(join(cwd, 'nocap.cluster.json'), JSON.stringify(nocap))
    const limit = await mwpackInProcess(['size', 'nocap.cluster.json', '--sweep-cap', '0.005..100', '--step', '0.005', '--csv'], cwd)
    expect(limit.code, limit.stderr).toBe(0)
    expect(limit.stdout.trimEnd().split('\n')).toHaveLength(MAX_SWEEP_POINTS + 1)
  })
})

describe('the README states every limit', () => {
  const readme = readFileSync(`${ROOT}/README.md`, 'utf8')
  const section = readme.slice(readme.indexOf('## Input limits'), readme.indexOf('\n## ', readme.indexOf('## Input limits') + 1))

  it.each([
    ['a memo, as written and as', formatBytes(FILE_LIMITS.memoBytes)],
    ['front matter', formatBytes(FILE_LIMITS.frontMatterBytes)],
    ['cluster.json', formatBytes(FILE_LIMITS.configBytes)],
    ['MANIFEST.json', formatBytes(FILE_LIMITS.manifestBytes)],
    ['a file in a bundle', formatBytes(FILE_LIMITS.bundleFileBytes)],
    ['bundle.zip', formatBytes(FILE_LIMITS.archiveBytes)],
    ['unpacked', formatBytes(ARCHIVE_LIMITS.maxUnpackedBytes)],
    ['entries', String(ARCHIVE_LIMITS.maxEntries)],
    ['pax', formatBytes(ARCHIVE_LIMITS.maxPaxHeaderBytes)],
    ['folder', MAX_FOLDER_ENTRIES.toLocaleString('en-US')],
    ['levels deep', String(JSON_LIMITS.maxDepth)],
    ['items', JSON_LIMITS.maxArrayItems.toLocaleString('en-US')],
    ['members', JSON_LIMITS.maxObjectMembers.toLocaleString('en-US')],
    ['values', JSON_LIMITS.maxValues.toLocaleString('en-US')],
    ['--sweep-cap', `${MAX_SWEEP_POINTS.toLocaleString('en-US')} caps`],
  ])('%s: %s', (what, value) => {
    const row = section.split('\n').find((line) => line.includes(what) && line.includes(value))
    expect(row, `no line of "## Input limits" names ${what} with ${value}`).toBeDefined()
  })
})
