import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script, typed by its JSDoc
import { bundle, extraField, paxRecord, tarBundle, tarGz, zip } from '../../scripts/hostile-archives.mjs'
import { readArchive } from '../../src/archive/read-archive.js'
import { gzipStored } from '../../src/archive/tar-bundle.js'
import { tarGzBundle, zipBundle } from '../../src/index.js'
import { exampleEntries } from '../helpers/bundles.js'
import { TAR_TOOLS, ZIP_TOOLS, disagreement, extractAll } from '../helpers/extractors.js'
import { mwpackInProcess } from '../helpers/in-process.js'
import { snapshotTree, tempDir } from '../helpers/tree.js'
import { BUDGET_RATIO, SlowestCases, baselineCpuMs, expectHandled, fuzzOptions, fuzzRuns, fuzzTimeoutMs, namesIn } from './fuzz-setup.js'

const NAMES = ['memo.md', 'MANIFEST.json', 'MEMO.md', 'memo.md.', '../memo.md', '/etc/x', 'a\\b', 'dir/', 'x/../memo.md', 'm\u00e9mo.md', 'nul', 'a:b', '']

/** A valid bundle's bytes with a few local edits: flips, cuts, insertions, boundary values over a field. */
function mutated(base: Uint8Array): fc.Arbitrary<Uint8Array> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(base.length - 1), bit: fc.nat(7) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(base.length) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(base.length), bytes: fc.uint8Array({ minLength: 1, maxLength: 24 }) }),
    fc.record({
      kind: fc.constant('field' as const),
      at: fc.nat(base.length - 4),
      value: fc.constantFrom(0, 1, 0xff, 0xffff, 0xffffffff, 0x7fffffff, 0x08, 0x0800),
    }),
  )
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    let bytes = Buffer.from(base)
    for (const e of edits) {
      if (e.kind === 'flip' && e.at < bytes.length) bytes[e.at] = bytes[e.at]! ^ (1 << e.bit)
      if (e.kind === 'cut') bytes = bytes.subarray(0, Math.min(e.at, bytes.length))
      if (e.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, e.at), e.bytes, bytes.subarray(e.at)])
      if (e.kind === 'field' && e.at + 4 <= bytes.length) bytes.writeUInt32LE(e.value >>> 0, e.at)
    }
    return new Uint8Array(bytes)
  })
}

/**
 * Edits to fields no extractor writes anything from (times, "made by",
 * internal attributes, tar mtimes, checksum kept right; not tar owners,
 * which root restores and verify refuses): archives
 * verify should still accept, so the comparison with extractors has
 * something to compare.
 */
function harmless(base: Uint8Array, kind: 'zip' | 'tar'): fc.Arbitrary<Uint8Array> {
  if (kind === 'zip') {
    const data = Buffer.from(base)
    const fields: number[] = []
    for (let at = 0; data.readUInt32LE(at) === 0x04034b50; at += 30 + data.readUInt16LE(at + 26) + data.readUInt16LE(at + 28) + data.readUInt32LE(at + 18))
      fields.push(at + 10, at + 12)
    const end = data.length - 22
    for (let at = data.readUInt32LE(end + 16); at < end; at += 46 + data.readUInt16LE(at + 28) + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32))
      fields.push(at + 4, at + 12, at + 14, at + 36)
    return fc.array(fc.tuple(fc.constantFrom(...fields), fc.nat(0xffff)), { minLength: 1, maxLength: 4 }).map((edits) => {
      const out = Buffer.from(base)
      for (const [at, value] of edits) out.writeUInt16LE(value, at)
      return new Uint8Array(out)
    })
  }
  const tar = gunzipSync(base)
  const headers: number[] = []
  for (let at = 0; at + 512 <= tar.length && tar[at] !== 0; at += 512 + Math.ceil(parseInt(tar.subarray(at + 124, at + 135).toString('latin1'), 8) / 512) * 512)
    headers.push(at)
  return fc.array(fc.tuple(fc.constantFrom(...headers), fc.constant([136, 11] as const), fc.nat(0o7777777)), { minLength: 1, maxLength: 4 }).map((edits) => {
    const out = Buffer.from(tar)
    for (const [at, [field, width], value] of edits) {
      out.write(value.toString(8).padStart(width, '0').slice(-width), at + field, 'latin1')
      out.fill(0x20, at + 148, at + 156)
      let sum = 0
      for (let i = at; i < at + 512; i++) sum += out[i]!
      out.write(`${sum.toString(8).padStart(6, '0')}\0 `, at + 148, 'latin1')
    }
    return new Uint8Array(gzipStored(out))
  })
}

/** A zip written field by field with random overrides of what each header says. */
const structuredZip = fc
  .record({
    entries: fc.array(
      fc.record({
        name: fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 10 })),
        data: fc.oneof(fc.constantFrom('# Memo\n\nText.\n', ''), fc.string({ maxLength: 30 })),
        method: fc.constantFrom(0, 0, 8, 12),
        flags: fc.constantFrom(0x0800, 0x0800, 0, 0x0808, 0x0801, 0x0802),
        extra: fc.option(fc.tuple(fc.constantFrom(0x5455, 0x7075, 0x0001, 0x7875, 0xcafe, 0x000a), fc.uint8Array({ maxLength: 12 }))),
        localName: fc.option(fc.constantFrom(...NAMES)),
        external: fc.option(fc.constantFrom(0o100644, 0o120777, 0o040755, 0o104755, 0, 0x10)),
        hidden: fc.boolean(),
      }),
      { maxLength: 4 },
    ),
    honest: fc.boolean(),
    trailing: fc.option(fc.uint8Array({ minLength: 1, maxLength: 8 })),
    prefix: fc.option(fc.uint8Array({ minLength: 1, maxLength: 8 })),
  })
  .map(({ entries, honest, trailing, prefix }) => {
    const extraEntries = entries.map((e) => ({
      name: e.name,
      data: e.data,
      method: e.method,
      hidden: e.hidden,
      both: { flags: e.flags, ...(e.extra ? { extra: extraField(e.extra[0], Buffer.from(e.extra[1])) } : {}) },
      local: e.localName === null ? {} : { name: Buffer.from(e.localName) },
      central: e.external === null ? {} : { external: ((e.external << (e.external > 0xffff ? 16 : 0)) >>> 0) as number },
    }))
    return new Uint8Array(
      zip([...(honest ? bundle() : []), ...extraEntries], {
        ...(trailing ? { trailing: Buffer.from(trailing) } : {}),
        ...(prefix ? { prefix: Buffer.from(prefix) } : {}),
      }),
    )
  })

/** A tar.gz written block by block with random pax records, types, modes and prefixes. */
const structuredTar = fc
  .record({
    members: fc.array(
      fc.record({
        name: fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 10 })),
        data: fc.oneof(fc.constantFrom('# Memo\n\nText.\n', ''), fc.string({ maxLength: 30 })),
        type: fc.constantFrom('0', '0', '\0', '1', '2', '5', '7', 'g', 'L', 'Z'),
        mode: fc.constantFrom(0o644, 0o4755, 0o777),
        prefix: fc.constantFrom('', '', '..', 'dir'),
        pax: fc.option(
          fc.array(
            fc.tuple(
              fc.constantFrom('path', 'size', 'mtime', 'linkpath', 'GNU.sparse.major', 'hdrcharset', 'comment', 'uname'),
              fc.constantFrom('memo.md', '../x', '0', '14', '', 'BINARY', 'x\n5 path=y\n'),
            ),
            {
              maxLength: 3,
            },
          ),
        ),
      }),
      { maxLength: 3 },
    ),
    honest: fc.boolean(),
  })
  .map(
    ({ members, honest }) =>
      new Uint8Array(
        tarGz([
          ...(honest ? tarBundle() : []),
          ...members.map((m) => ({
            name: m.name,
            data: m.data,
            type: m.type,
            mode: m.mode,
            prefix: m.prefix,
            ...(m.pax ? { pax: m.pax.map(([k, v]) => [k, v]) } : {}),
          })),
        ]),
      ),
  )

describe('fuzzing archives for verify', () => {
  let baseline = 0
  let zipBase: Uint8Array
  let tarBase: Uint8Array
  const slowest = new SlowestCases()
  const accepted = new Map<string, Uint8Array>()
  beforeAll(async () => {
    baseline = await baselineCpuMs()
    const entries = exampleEntries()
    zipBase = await zipBundle(entries, 0)
    tarBase = tarGzBundle(entries, 0)
  })

  const runs = fuzzRuns(300)
  it(
    `verify never exits 3, never writes, stays within ${BUDGET_RATIO}x a build, and calls intact only what extractors agree on (${runs} archives)`,
    async () => {
      const cwd = tempDir()
      const archive = fc.oneof(
        fc.constant(null).chain(() => mutated(zipBase)),
        fc.constant(null).chain(() => mutated(tarBase)),
        fc.constant(null).chain(() => harmless(zipBase, 'zip')),
        fc.constant(null).chain(() => harmless(tarBase, 'tar')),
        structuredZip,
        structuredTar,
      )
      let intact = 0
      await fc.assert(
        fc.asyncProperty(archive, async (bytes) => {
          writeFileSync(join(cwd, 'bundle'), bytes)
          const before = snapshotTree(cwd)
          const run = await mwpackInProcess(['verify', 'bundle', '--json'], cwd)
          const label = `verify of ${bytes.length} bytes: ${Buffer.from(bytes).toString('base64').slice(0, 400)}`
          expectHandled(run, label)
          slowest.add(run, `verify, ${bytes.length} bytes`)
          expect(run.cpuMs / baseline, label).toBeLessThan(BUDGET_RATIO)
          expect(snapshotTree(cwd)).toEqual(before)
          if (run.code === 0) {
            intact++
            accepted.set(createHash('sha256').update(bytes).digest('hex'), bytes)
          }
        }),
        fuzzOptions(runs),
      )

      // Whatever verify accepted (timestamps flipped, attributes nobody reads) must unpack as the manifest says.
      const sample = [...accepted.values()].slice(0, Math.max(25, Math.floor(runs / 20)))
      const zips = sample.filter((b) => b[0] === 0x50)
      const tars = sample.filter((b) => b[0] === 0x1f)
      // extractAll fails, naming the Debian packages, when an extractor is missing: .ci/run installs them.
      const write = (bytes: Uint8Array, i: number, ext: string) => {
        const path = join(cwd, `accepted-${i}.${ext}`)
        writeFileSync(path, bytes)
        return { path, bytes }
      }
      for (const [list, tools, ext] of [
        [zips, ZIP_TOOLS, 'zip'],
        [tars, TAR_TOOLS, 'tar.gz'],
      ] as const) {
        const results = extractAll(
          list.map((b, i) => write(b, i, ext)),
          tools,
        )
        for (const [path, extractions] of results) {
          const read = readArchive(readFileSync(path), path)
          const manifest = read.ok ? read.value.find((m) => m.name === 'MANIFEST.json') : undefined
          const sha = manifest ? createHash('sha256').update(manifest.bytes).digest('hex') : undefined
          for (const extraction of extractions) expect(disagreement(extraction, sha), `${extraction.tool} on ${path}`).toBeUndefined()
        }
      }
      console.info(
        `archive fuzz: ${runs} cases, ${intact} verified intact (${accepted.size} distinct, ${sample.length} extracted by every tool), baseline build ${baseline.toFixed(0)} ms CPU, slowest ${slowest.summary()}`,
      )
    },
    fuzzTimeoutMs(runs),
  )

  const folderRuns = fuzzRuns(40)
  it(
    `verify of a folder never exits 3 and never follows a link (${folderRuns} folders)`,
    async () => {
      const root = tempDir()
      let n = 0
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              name: fc.oneof(
                fc.constantFrom('memo.md', 'MANIFEST.json', 'cluster_report.json', 'bundle.zip', 'x', '.hidden'),
                fc.string({ minLength: 1, maxLength: 8 }),
              ),
              kind: fc.constantFrom('file', 'file', 'dir', 'link'),
              data: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('{"schema_version": "mwpack.manifest/v1"}', '{')),
            }),
            { maxLength: 5 },
          ),
          async (entries) => {
            const folder = join(root, `f${n++}`)
            mkdirSync(folder)
            // Links point at a file of the test's own, never at a system file: a test that
            // wrote through one by mistake must not reach outside its temp folder.
            const outside = join(root, `outside-${n}.txt`)
            writeFileSync(outside, 'outside the folder')
            for (const e of entries) {
              if (/[/\\\0]/.test(e.name) || e.name === '.' || e.name === '..') continue
              const path = join(folder, e.name)
              try {
                if (e.kind === 'dir') mkdirSync(path)
                else if (e.kind === 'link') symlinkSync(outside, path)
                else writeFileSync(path, e.data, { flag: 'wx' })
              } catch {
                // A name taken twice: keep the first ('wx' never writes through a link made earlier).
              }
            }
            const before = snapshotTree(folder)
            const run = await mwpackInProcess(['verify', folder], root)
            expectHandled(run, JSON.stringify(entries))
            expect(snapshotTree(folder)).toEqual(before)
            expect(readFileSync(outside, 'utf8')).toBe('outside the folder')
            expect(namesIn(root).length).toBe(2 * n)
          },
        ),
        fuzzOptions(folderRuns),
      )
    },
    fuzzTimeoutMs(folderRuns),
  )
})
