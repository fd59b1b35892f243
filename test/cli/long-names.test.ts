import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/cli.js'
import { mwpackInProcess } from '../helpers/in-process.js'
import { tempDir } from '../helpers/tree.js'

// A config under the 1 MiB limit may hold one key of almost a megabyte. Its did-you-mean search
// measured it against every known key (seconds, hundreds of MB) and the message echoed it whole.
let cwd = ''
beforeAll(() => {
  cwd = tempDir()
  cpSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.memo.md`, join(cwd, '5mw.memo.md'))
  const config = readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`, 'utf8').trimEnd()
  const withKey = (key: string) => `${config.slice(0, -1).trimEnd()},\n  "${key}": 1\n}\n`
  writeFileSync(join(cwd, 'short.json'), withKey('nodess'))
  writeFileSync(join(cwd, 'long.json'), withKey(`nod${'e'.repeat(1_000_000)}`))
  expect(Buffer.byteLength(readFileSync(join(cwd, 'long.json')))).toBeLessThan(1024 * 1024)
})

describe('a long unknown key in cluster.json', () => {
  it('costs about what a short one does, measured in CPU time against it', async () => {
    const validate = (config: string) => mwpackInProcess(['validate', '5mw.memo.md', '--config', config], cwd)
    await validate('short.json') // warm the module cache
    const short = await validate('short.json')
    const long = await validate('long.json')
    expect(short.code).toBe(2)
    expect(long.code).toBe(2)
    // Parsing a megabyte more is fine; measuring it against every key (4 s before) is not.
    expect(long.cpuMs / Math.max(short.cpuMs, 20)).toBeLessThan(15)
  })

  it('is quoted by its first 60 characters and its length, not whole', async () => {
    const run = await mwpackInProcess(['validate', '5mw.memo.md', '--config', 'long.json'], cwd)
    expect(run.stderr.length).toBeLessThan(2_000)
    expect(run.stderr).toContain(`unknown key "nod${'e'.repeat(57)}… (1000003 characters)"`)
  })

  it('still gets a did-you-mean when it is a short typo', async () => {
    const run = await mwpackInProcess(['validate', '5mw.memo.md', '--config', 'short.json'], cwd)
    expect(run.stderr).toMatch(/unknown key "nodess"; did you mean "node"\?/)
  })

  it.each([
    ['an unknown flag', ['validate', '5mw.memo.md', `--${'x'.repeat(100_000)}`]],
    ['an unknown command', [`${'x'.repeat(100_000)}`]],
  ])('%s of 100,000 characters is quoted short', async (_, argv) => {
    const run = await mwpackInProcess(argv, cwd)
    expect(run.code).toBe(2)
    expect(run.stderr.length).toBeLessThan(1_000)
  })
})
