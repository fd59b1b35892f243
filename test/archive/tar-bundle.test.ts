import { spawnSync } from 'node:child_process'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { readTarGz, tarGzBundle } from '../../src/index.js'
import { exampleEntries } from '../helpers/bundles.js'

const entries = exampleEntries()

describe('bundle.tar.gz', () => {
  it('has a gzip header with no time and no name, and stored deflate blocks any gunzip reads', () => {
    const archive = tarGzBundle(entries, 1_700_000_000)
    expect([...archive.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff])
    expect(gunzipSync(archive).length % 10240).toBe(0)
  })

  it('is the same bytes whatever order the entries come in', () => {
    expect(Buffer.from(tarGzBundle([...entries].reverse(), 5))).toEqual(Buffer.from(tarGzBundle(entries, 5)))
  })

  it('splits data over 64 KiB into several stored blocks', () => {
    const big = [{ path: 'memo.md', bytes: new Uint8Array(200_000).fill(0x61) }]
    const read = readTarGz(tarGzBundle(big, 0), 'bundle.tar.gz')
    expect(read.ok && read.value[0]!.bytes).toEqual(big[0]!.bytes)
  })

  it('lists sorted regular files, mode 0644, owner 0:0 with no names, mtime SOURCE_DATE_EPOCH (Python tarfile)', () => {
    const archive = tarGzBundle(entries, 1_700_000_000)
    const script = `
import sys, tarfile, io, json
t = tarfile.open(fileobj=io.BytesIO(sys.stdin.buffer.read()), mode='r:gz')
print(json.dumps([[m.name, oct(m.mode), m.uid, m.gid, m.uname, m.gname, m.mtime, m.isreg(), m.size] for m in t.getmembers()]))`
    const result = spawnSync('python3', ['-c', script], { input: archive, encoding: 'utf8' })
    expect(result.status, result.stderr).toBe(0)
    const sorted = [...entries].sort((a, b) => (Buffer.from(a.path) < Buffer.from(b.path) ? -1 : 1))
    expect(JSON.parse(result.stdout)).toEqual(sorted.map((e) => [e.path, '0o644', 0, 0, '', '', 1_700_000_000, true, e.bytes.length]))
  })
})
