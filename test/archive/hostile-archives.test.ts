import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script, typed by its JSDoc
import { corpus, FOLDER } from '../../scripts/hostile-archives.mjs'
import { ROOT } from '../helpers/cli.js'
import { mwpackInProcess } from '../helpers/in-process.js'

export interface CorpusCase {
  name: string
  file: string
  why: string
  /** `intact`, or the code of verify's first error. */
  expect: string
  /** Real extractors unpack it differently from its manifest, or refuse it. */
  disagree: boolean
}

const folder = `${ROOT}/${FOLDER}`
const cases = JSON.parse(readFileSync(`${folder}/cases.json`, 'utf8')) as CorpusCase[]

describe('the hostile-archive corpus', () => {
  it('is exactly what scripts/hostile-archives.mjs writes (run it after changing the script)', () => {
    const fresh = (corpus() as (CorpusCase & { bytes: Uint8Array })[]).map(({ bytes, ...rest }) => ({ ...rest, bytes: Buffer.from(bytes).toString('base64') }))
    const onDisk = cases.map((c) => ({ ...c, bytes: readFileSync(`${folder}/${c.file}`).toString('base64') }))
    expect(onDisk).toEqual(fresh)
    expect(readdirSync(folder).sort()).toEqual([...cases.map((c) => c.file), 'cases.json'].sort())
  })

  it('holds honest archives as well as hostile ones, zips and tars', () => {
    const kinds = (prefix: string) => cases.filter((c) => c.name.startsWith(prefix))
    for (const prefix of ['zip-', 'tar-']) {
      expect(kinds(prefix).filter((c) => c.expect === 'intact').length).toBeGreaterThanOrEqual(3)
      expect(kinds(prefix).filter((c) => c.expect !== 'intact').length).toBeGreaterThanOrEqual(25)
    }
  })

  it.each(cases.map((c) => [c.name, c] as const))('mwpack verify answers %s as the corpus says', async (_, c) => {
    const run = await mwpackInProcess(['verify', c.file, '--json'], folder)
    const document = JSON.parse(run.stdout)
    if (c.expect === 'intact') {
      expect(run.code, run.stderr).toBe(0)
      expect(document).toMatchObject({ ok: true, intact: true })
    } else {
      expect(run.code, `${c.why}\n${run.stderr}`).toBe(2)
      expect(document.diagnostics[0], c.why).toMatchObject({ code: c.expect, file: c.file })
      expect(run.stderr).not.toMatch(/\n\s+at /)
    }
  })
})
