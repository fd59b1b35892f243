import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { readZip, zipBundle } from '../../src/index.js'
import { exampleEntries } from '../helpers/bundles.js'
import { ROOT } from '../helpers/cli.js'

const entries = exampleEntries()

/**
 * Builds the example zip in a child process with the given environment (a time zone is
 * read when a process starts), once for each epoch, and returns their sha256s.
 */
function zipShasIn(env: Record<string, string>, sourceDateEpochs: readonly number[]): string[] {
  const script = `
    import { readFileSync } from 'node:fs'
    import { createHash } from 'node:crypto'
    import { prepareMemo, assembleArtifacts } from './dist/index.js'
    const prepared = prepareMemo({ name: '5mw',
      memo: { file: 'm', bytes: readFileSync('fixtures/memos/v1-5mw/5mw.memo.md') },
      config: { file: 'c', bytes: readFileSync('fixtures/memos/v1-5mw/5mw.cluster.json') } })
    for (const epoch of ${JSON.stringify(sourceDateEpochs)}) {
      const { bundle } = await assembleArtifacts(prepared.value, epoch)
      console.log(createHash('sha256').update(bundle).digest('hex'))
    }`
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' })
  expect(result.stderr).toBe('')
  return result.stdout.trim().split('\n')
}

/** DOS date and time fields of the first local header. */
function dosStamp(zip: Uint8Array) {
  const view = Buffer.from(zip)
  const time = view.readUInt16LE(10)
  const date = view.readUInt16LE(12)
  return { year: 1980 + (date >> 9), month: (date >> 5) & 15, day: date & 31, hour: time >> 11, minute: (time >> 5) & 63, second: (time & 31) * 2 }
}

describe('bundle.zip', () => {
  it('has the same bytes in every time zone, at each SOURCE_DATE_EPOCH', () => {
    const epochs = [0, 315_532_800 + 3 * 3600, 1_700_000_000, 1_710_054_000]
    const zones = ['UTC', 'America/New_York', 'Asia/Tokyo', 'Pacific/Kiritimati', 'Etc/GMT+12', 'Australia/Lord_Howe']
    const [utc, ...others] = zones.map((TZ) => zipShasIn({ TZ }, epochs))
    expect(new Set(utc).size).toBe(epochs.length)
    for (const hashes of others) expect(hashes).toEqual(utc)
  })

  it('stamps entries with SOURCE_DATE_EPOCH in UTC, clamped to the 1980-2107 range a zip can hold', async () => {
    expect(dosStamp(await zipBundle(entries, 1_700_000_000))).toEqual({ year: 2023, month: 11, day: 14, hour: 22, minute: 13, second: 20 })
    expect(dosStamp(await zipBundle(entries, 0))).toEqual({ year: 1980, month: 1, day: 1, hour: 0, minute: 0, second: 0 })
    expect(dosStamp(await zipBundle(entries, 99_999_999_999))).toEqual({ year: 2107, month: 12, day: 31, hour: 23, minute: 59, second: 58 })
  })

  it('stores entries sorted by path, as regular 0644 files, without extra fields, descriptors or comment', async () => {
    const zip = Buffer.from(await zipBundle([...entries].reverse(), 0))
    const read = readZip(zip, 'bundle.zip')
    if (!read.ok) throw new Error(JSON.stringify(read.diagnostics))
    expect(read.value.map((m) => m.name)).toEqual(['MANIFEST.json', 'cluster_report.json', 'memo.md'])
    expect(read.value.every((m) => m.kind === 'file' && m.mode === 0o644)).toBe(true)
    let offset = 0
    while (zip.readUInt32LE(offset) === 0x04034b50) {
      expect(zip.readUInt16LE(offset + 6) & 0x0008).toBe(0) // no data descriptor
      expect(zip.readUInt16LE(offset + 8)).toBe(0) // stored
      expect(zip.readUInt16LE(offset + 28)).toBe(0) // no extra field
      offset += 30 + zip.readUInt16LE(offset + 26) + zip.readUInt32LE(offset + 18)
    }
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
    expect((zip.readUInt32LE(central + 38) >>> 16).toString(8)).toBe('100644')
    expect(zip.readUInt16LE(zip.length - 2)).toBe(0) // no archive comment
  })

  it('is read back identically by an independent reader (Python zipfile)', async () => {
    const zip = await zipBundle(entries, 1_700_000_000)
    const script = `
import sys, zipfile, io, hashlib, json
z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
print(json.dumps([[i.filename, list(i.date_time), oct(i.external_attr >> 16), i.compress_type, hashlib.sha256(z.read(i)).hexdigest()] for i in z.infolist()]))`
    const result = spawnSync('python3', ['-c', script], { input: zip, encoding: 'utf8' })
    expect(result.status, result.stderr).toBe(0)
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')
    const byPath = new Map(entries.map((e) => [e.path, sha(e.bytes)]))
    expect(JSON.parse(result.stdout)).toEqual(
      ['MANIFEST.json', 'cluster_report.json', 'memo.md'].map((name) => [name, [2023, 11, 14, 22, 13, 20], '0o100644', 0, byPath.get(name)]),
    )
  })
})
