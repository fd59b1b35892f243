import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { prepareMemo, validateClusterConfig } from '../../src/index.js'
import { ROOT } from '../helpers/cli.js'

const BOM = '\uFEFF'
const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'))
const config = readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`, 'utf8')
const positions = (result: ReturnType<typeof prepareMemo>) => (result.ok ? result.value.diagnostics : result.diagnostics).map((d) => d.position)

describe('error columns count as editors do: a byte order mark is not a column', () => {
  it('places a memo error on line 1 where it is without the BOM', () => {
    for (const head of ['', BOM]) {
      const prepared = prepareMemo({
        memo: { file: 'a.memo.md', bytes: bytes(`${head}We fit {{ nodez }}.\n`) },
        config: { file: 'c.json', bytes: bytes(config) },
        name: 'a',
      })
      expect(positions(prepared), JSON.stringify(head)).toEqual([{ line: 1, column: 8 }])
    }
  })

  it('places a cluster config error on line 1 where it is without the BOM', () => {
    for (const head of ['', BOM]) {
      const result = validateClusterConfig(`${head}{"it_cap_mw": "x", "node": 1}`, 'c.json')
      expect(result.diagnostics.find((d) => d.path === 'it_cap_mw')?.position, JSON.stringify(head)).toEqual({ line: 1, column: 15 })
    }
  })

  it('places a bad UTF-8 byte on line 1 where it is without the BOM', () => {
    for (const head of [[], [0xef, 0xbb, 0xbf]]) {
      const prepared = prepareMemo({ memo: { file: 'a.memo.md', bytes: new Uint8Array([...head, 0x61, 0x62, 0xff, 0x0a]) }, name: 'a' })
      expect(positions(prepared)).toEqual([{ line: 1, column: 3 }])
    }
  })
})
