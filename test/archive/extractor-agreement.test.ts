import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script, typed by its JSDoc
import { FOLDER } from '../../scripts/hostile-archives.mjs'
import { readArchive } from '../../src/archive/read-archive.js'
import { verifyMembers } from '../../src/pipeline/verify-bundle.js'
import { ROOT } from '../helpers/cli.js'
import { TAR_TOOLS, TOOL_PROGRAMS, ZIP_TOOLS, disagreement, extractAll, requireTools, type Extraction, type Tool } from '../helpers/extractors.js'
import { programVersion } from '../helpers/required-tools.js'
import type { CorpusCase } from './hostile-archives.test.js'

const folder = `${ROOT}/${FOLDER}`
const cases = JSON.parse(readFileSync(`${folder}/cases.json`, 'utf8')) as CorpusCase[]
const tools = [...new Set<Tool>([...ZIP_TOOLS, ...TAR_TOOLS])]

/** What verify says of an archive, in process: intact, and the MANIFEST.json it read. */
function verdict(bytes: Uint8Array, file: string): { intact: boolean; manifestSha256?: string } {
  const read = readArchive(bytes, file)
  if (!read.ok) return { intact: false }
  const manifest = read.value.find((m) => m.name === 'MANIFEST.json')
  const result = verifyMembers(read.value, file)
  return { intact: result.ok, ...(manifest ? { manifestSha256: createHash('sha256').update(manifest.bytes).digest('hex') } : {}) }
}

describe('verify says intact only when real extractors unpack exactly the manifest', () => {
  // A missing extractor is a failure, never a skip: .ci/run installs them, and a silent pass would prove nothing.
  it(`has every extractor installed (${tools.map((t) => `${t}: ${programVersion(TOOL_PROGRAMS[t]) ?? 'missing'}`).join('; ')})`, () => {
    requireTools(tools)
  })

  describe('on the hostile-archive corpus', () => {
    const results = new Map<string, Extraction[]>()
    beforeAll(() => {
      for (const [prefix, kindTools] of [
        ['zip-', ZIP_TOOLS],
        ['tar-', TAR_TOOLS],
      ] as const) {
        const archives = cases
          .filter((c) => c.name.startsWith(prefix))
          .map((c) => ({ path: `${folder}/${c.file}`, bytes: readFileSync(`${folder}/${c.file}`) }))
        for (const [path, extractions] of extractAll(archives, kindTools)) results.set(path, extractions)
      }
    }, 120_000)

    it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
      const bytes = readFileSync(`${folder}/${c.file}`)
      const { intact, manifestSha256 } = verdict(bytes, c.file)
      expect(intact).toBe(c.expect === 'intact')
      const differences = results.get(`${folder}/${c.file}`)!.map((e) => [e.tool, disagreement(e, intact ? manifestSha256 : undefined)] as const)
      if (intact) {
        // The property: whatever verify calls intact, every extractor unpacks as its manifest says.
        expect(differences.filter(([, d]) => d !== undefined)).toEqual([])
      }
      if (c.disagree) {
        // The corpus stays honest: an archive marked hostile really is unpacked otherwise (or refused) by some extractor.
        expect(
          differences.some(([, d]) => d !== undefined),
          `${c.name}: ${c.why}; every extractor agreed with the manifest`,
        ).toBe(true)
      }
    })
  })
})
