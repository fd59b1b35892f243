import { readFileSync } from 'node:fs'
import { deflateRawSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { readArchive, readTarGz, readZip, tarGzBundle, verifyMembers, zipBundle, type ArchiveEntry } from '../../src/index.js'
import { exampleEntries, forged } from '../helpers/bundles.js'
import { ARCHIVE_LIMITS } from '../../src/input-limits.js'
import { ROOT } from '../helpers/cli.js'
import { rawZip } from '../helpers/raw-zip.js'

const entries = exampleEntries()

/** verify's answer for archive bytes: the reader's refusal, or the member checks. */
function verifyArchive(bytes: Uint8Array, file = 'bundle.zip') {
  const read = readArchive(bytes, file)
  return read.ok ? verifyMembers(read.value, file) : { ok: false, verified: [], diagnostics: read.diagnostics }
}
const verifyZip = async (zip: Uint8Array) => verifyArchive(zip)
const codes = (result: { diagnostics: { code: string }[] }) => result.diagnostics.map((d) => d.code)
/** Line and column (1-based) of the first `needle` at or after `from`. */
const positionOf = (text: string, needle: string, from = 0) => {
  const offset = text.indexOf(needle, from)
  const before = text.slice(0, offset)
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') }
}
const raw = (list: ArchiveEntry[]) => list.map((e) => ({ name: e.path, data: e.bytes }))

describe('verify', () => {
  it('accepts an intact zip and an intact tar.gz', async () => {
    expect(await verifyZip(await zipBundle(entries, 0))).toMatchObject({ ok: true, verified: ['cluster_report.json', 'memo.md'], diagnostics: [] })
    expect(verifyArchive(tarGzBundle(entries, 0), 'bundle.tar.gz')).toMatchObject({ ok: true, diagnostics: [] })
  })

  it('rejects a file changed after the manifest was written', async () => {
    const tampered = entries.map((e) => (e.path === 'memo.md' ? { ...e, bytes: new Uint8Array(Buffer.from('# Other memo\n')) } : e))
    expect(codes(await verifyZip(await zipBundle(tampered, 0)))).toEqual(['MWP_ENTRY_HASH_MISMATCH'])
  })

  it('rejects a missing entry and an extra one', async () => {
    expect(
      codes(
        await verifyZip(
          await zipBundle(
            entries.filter((e) => e.path !== 'memo.md'),
            0,
          ),
        ),
      ),
    ).toEqual(['MWP_ENTRY_MISSING'])
    expect(codes(await verifyZip(await zipBundle([...entries, { path: 'notes.txt', bytes: new Uint8Array([0x61]) }], 0)))).toEqual(['MWP_ENTRY_EXTRA'])
    expect(
      codes(
        await verifyZip(
          await zipBundle(
            entries.filter((e) => e.path !== 'MANIFEST.json'),
            0,
          ),
        ),
      ),
    ).toEqual(['MWP_ENTRY_MISSING'])
  })

  it.each([
    ['../evil.sh', 'climbs out'],
    ['/etc/cron.d/evil', 'absolute'],
    ['C:/Windows/evil.dll', 'absolute'],
    ['dir\\evil.bat', 'backslash'],
    ['a//b', 'empty or "." segment'],
    ['./memo.md', 'empty or "." segment'],
    ['evil\u0000.md', 'control character'],
  ])('rejects the unsafe entry name %j', async (name, reason) => {
    const result = await verifyZip(rawZip([...raw(entries), { name, data: 'x' }]))
    expect(codes(result)).toContain('MWP_ENTRY_UNSAFE_NAME')
    expect(result.diagnostics[0]!.message).toContain(reason)
    expect(result.ok).toBe(false)
  })

  it('rejects duplicate entries, symlinks and directories', async () => {
    const memo = entries.find((e) => e.path === 'memo.md')!
    expect(codes(await verifyZip(rawZip([...raw(entries), { name: 'memo.md', data: memo.bytes }])))).toEqual(['MWP_ENTRY_DUPLICATE'])
    expect(codes(await verifyZip(rawZip([...raw(entries), { name: 'link', data: '/etc/passwd', mode: 0o120777 }])))).toEqual(['MWP_ENTRY_NOT_FILE'])
    expect(codes(await verifyZip(rawZip([...raw(entries), { name: 'sub/', mode: 0o040755 }])))).toEqual(['MWP_ENTRY_NOT_FILE'])
  })

  it('re-solves the report and rejects numbers that do not follow from its inputs, even with a matching hash, at the number', async () => {
    const forgery = forged(entries, 'cluster_report.json', (text) => text.replace('"nodes": 451', '"nodes": 460'))
    const report = Buffer.from(forgery.find((e) => e.path === 'cluster_report.json')!.bytes).toString('utf8')
    const result = await verifyZip(await zipBundle(forgery, 0))
    expect(result.diagnostics).toEqual([
      {
        code: 'MWP_REPORT_MISMATCH',
        severity: 'error',
        message: "nodes is 460, the model gives 451 for the report's own inputs",
        file: 'bundle.zip:cluster_report.json',
        position: positionOf(report, '"nodes"'),
        path: 'nodes',
      },
    ])
  })

  it('names the first value that differs inside a group, and a list that lost an item, rather than two long values cut alike', async () => {
    const frontierPoint = /\n {6}\{\n {8}"fraction": 0\.55,[^}]*\},/
    const forgery = forged(entries, 'cluster_report.json', (text) => text.replace(frontierPoint, ''))
    const report = Buffer.from(forgery.find((e) => e.path === 'cluster_report.json')!.bytes).toString('utf8')
    expect(report).not.toContain('"fraction": 0.55')
    const result = await verifyZip(await zipBundle(forgery, 0))
    expect(result.diagnostics).toEqual([
      {
        code: 'MWP_REPORT_MISMATCH',
        severity: 'error',
        message:
          "power_capping.frontier[1].fraction is 0.6, the model gives 0.55 for the report's own inputs; power_capping.frontier holds 10 items, the model gives 11",
        file: 'bundle.zip:cluster_report.json',
        position: positionOf(report, '"fraction": 0.6'),
        path: 'power_capping.frontier[1].fraction',
      },
    ])
  })

  it("rejects a report whose inputs no longer validate, with the validator's own diagnostics at their place in the report", async () => {
    const forgery = forged(entries, 'cluster_report.json', (text) => text.replace('"leaf_uplink_ports": 32', '"leaf_uplink_ports": 64'))
    const report = Buffer.from(forgery.find((e) => e.path === 'cluster_report.json')!.bytes).toString('utf8')
    const result = await verifyZip(await zipBundle(forgery, 0))
    expect(codes(result)[0]).toBe('MWP_REPORT_MISMATCH')
    expect(result.diagnostics[0]).toMatchObject({
      message: 'the report cannot be re-solved: its inputs no longer validate',
      position: positionOf(report, '{', report.indexOf('"inputs"')),
    })
    const cause = result.diagnostics[1]!
    expect(cause).toMatchObject({ code: 'MWP_CONFIG_LEAF_PORTS', file: 'bundle.zip:cluster_report.json', path: expect.stringMatching(/^inputs\.fabric/) })
    expect(report.split('\n')[cause.position!.line - 1]).toMatch(/"(leaf_host_ports|leaf_uplink_ports|ports|leaf)":/)
  })

  it.each(['v1-5mw-capping', 'v1-three-pods', 'v1-fabric-and-power'])(
    'verifies a bundle built before report v2: %s is re-solved by the v1 rules',
    async (name) => {
      const v1 = readFileSync(`${ROOT}/fixtures/reports/${name}.cluster_report.json`, 'utf8')
      const bundle = forged(entries, 'cluster_report.json', () => v1)
      expect(await verifyZip(await zipBundle(bundle, 0))).toMatchObject({ ok: true, diagnostics: [] })
      const tampered = forged(entries, 'cluster_report.json', () => v1.replace(/"gpus": (\d+)/, (_, n) => `"gpus": ${Number(n) + 8}`))
      expect(codes(await verifyZip(await zipBundle(tampered, 0)))).toEqual(['MWP_REPORT_MISMATCH'])
    },
  )

  it('rejects a report that is not strict JSON, where the problem is', async () => {
    const forgery = forged(entries, 'cluster_report.json', (text) => text.replace('"nodes": 451,', '"nodes": 451,\n  "nodes": 451,'))
    expect((await verifyZip(await zipBundle(forgery, 0))).diagnostics).toMatchObject([
      { code: 'MWP_JSON_DUPLICATE_KEY', file: 'bundle.zip:cluster_report.json', message: expect.stringContaining('duplicate key "nodes"') },
    ])
  })

  it('rejects a memo edited by hand after the build, even with a matching hash', async () => {
    const forgery = forged(entries, 'memo.md', (text) => `${text}trailing spaces   \n`)
    expect(codes(await verifyZip(await zipBundle(forgery, 0)))).toEqual(['MWP_MEMO_NOT_NORMALIZED'])
  })

  it('rejects a manifest that does not follow the contract', async () => {
    const broken = entries.map((e) => (e.path === 'MANIFEST.json' ? { ...e, bytes: new Uint8Array(Buffer.from('{"schema_version":"other"}')) } : e))
    expect(codes(await verifyZip(await zipBundle(broken, 0)))).toEqual(['MWP_MANIFEST_INVALID'])
  })

  it('refuses to read a truncated zip', async () => {
    const zip = await zipBundle(entries, 0)
    expect(readZip(zip.subarray(0, zip.length - 30), 'bundle.zip')).toMatchObject({
      ok: false,
      diagnostics: [{ code: 'MWP_ARCHIVE_INVALID', message: 'not a zip: it has no end-of-central-directory record', file: 'bundle.zip' }],
    })
  })

  it('catches a flipped byte inside an entry by its CRC-32, as extractors do', async () => {
    const zip = Buffer.from(await zipBundle(entries, 0))
    zip[60] = zip[60]! ^ 0x01 // inside MANIFEST.json's data (30-byte header + 13-byte name)
    const result = await verifyZip(zip)
    expect(codes(result)).toEqual(['MWP_ARCHIVE_INVALID'])
    expect(result.diagnostics[0]!.message).toMatch(/^entry "MANIFEST.json"'s CRC-32 is 0x[0-9a-f]{8}, its headers say 0x[0-9a-f]{8}; extractors refuse it$/)
  })

  describe('refuses archives that would expand past the limit (zip bombs), before inflating them', () => {
    const limits = { ...ARCHIVE_LIMITS, maxUnpackedBytes: 1024 * 1024 }
    const zeros = new Uint8Array(4 * 1024 * 1024)
    /** A one-entry zip of 4 MiB of zeros, deflated to a few kilobytes, declaring `declared` as its size. */
    const bomb = (declared: number) => {
      const zip = Buffer.from(rawZip([{ name: 'memo.md', data: zeros }]))
      const deflated = deflateRawSync(zeros)
      const out = Buffer.concat([zip.subarray(0, 30 + 7), deflated, zip.subarray(30 + 7 + zeros.length)])
      const central = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
      for (const [method, compressed, size] of [
        [8, 18, 22],
        [central + 10, central + 20, central + 24],
      ] as const) {
        out.writeUInt16LE(8, method)
        out.writeUInt32LE(deflated.length, compressed)
        out.writeUInt32LE(declared, size)
      }
      out.writeUInt32LE(central, out.length - 6) // end record: where the central directory now starts
      return out
    }

    it('a gzip stream', () => {
      expect(readTarGz(gzipSync(zeros), 'bundle.tar.gz', limits)).toMatchObject({
        ok: false,
        diagnostics: [{ code: 'MWP_FILE_TOO_LARGE', message: 'the archive expands to more than 1048576 bytes; not a memo bundle' }],
      })
    })

    it('a zip entry that declares its true size: refused by the declaration', () => {
      expect(readZip(bomb(zeros.length), 'bundle.zip', limits)).toMatchObject({
        ok: false,
        diagnostics: [{ code: 'MWP_FILE_TOO_LARGE', message: 'the zip expands to more than 1048576 bytes; not a memo bundle' }],
      })
      const read = readZip(bomb(zeros.length), 'bundle.zip')
      expect(read.ok && read.value[0]!.bytes.length).toBe(zeros.length)
    })

    it('a zip entry that declares less than it inflates to: stopped one byte past the declaration', () => {
      expect(readZip(bomb(1000), 'bundle.zip', limits)).toMatchObject({
        ok: false,
        diagnostics: [{ code: 'MWP_ARCHIVE_INVALID', message: 'entry "memo.md" inflates to more than its declared 1000 bytes' }],
      })
    })
  })

  it('refuses a manifest that names a path outside the bundle', async () => {
    const forgery = forged(entries, 'memo.md', (text) => text)
    const manifest = forgery.find((e) => e.path === 'MANIFEST.json')!
    manifest.bytes = new Uint8Array(Buffer.from(Buffer.from(manifest.bytes).toString('utf8').replace('"path": "memo.md"', '"path": "../../etc/passwd"')))
    const result = await verifyZip(await zipBundle(forgery, 0))
    expect(result.diagnostics.map((d) => d.message)).toEqual(['MANIFEST.json names "../../etc/passwd", which is not allowed: it climbs out with ".."'])
  })

  it.each([
    ['a name that climbs out', '"name": "../../etc"', 'at name', 'artifact name "../../etc" is not allowed: it starts with "."'],
    ['a name with a path separator', '"name": "a/b"', 'at name', 'it contains a path separator'],
    ['an empty name', '"name": ""', 'at name', 'it is empty'],
    ['another tool', '"name": "mwpack",\n    "version"', 'at tool.name', 'expected "mwpack"'],
    ['a version that is no version', '"version": "0.1.0"', 'at tool.version', 'found "x/../y"'],
  ])('refuses a manifest with %s, at its line and column', async (_, field, where, reason) => {
    const manifest = entries.find((e) => e.path === 'MANIFEST.json')!
    const text = Buffer.from(manifest.bytes).toString('utf8')
    const replaced =
      where === 'at name'
        ? text.replace(/"name": "[^"]*"/, field)
        : where === 'at tool.name'
          ? text.replace('"name": "mwpack",\n    "version"', '"name": "other",\n    "version"')
          : text.replace(/"version": "[^"]*"/, '"version": "x/../y"')
    expect(replaced).not.toBe(text)
    const changed = entries.map((e) => (e.path === 'MANIFEST.json' ? { ...e, bytes: new Uint8Array(Buffer.from(replaced)) } : e))
    const result = await verifyZip(await zipBundle(changed, 0))
    expect(codes(result)).toEqual(['MWP_MANIFEST_INVALID'])
    expect(result.diagnostics[0]!.message).toContain(reason)
    expect(result.diagnostics[0]!.position?.line).toBeGreaterThan(1)
  })
})
