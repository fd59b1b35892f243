import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ROOT, mwpack } from '../helpers/cli.js'
import { mwpackInProcess } from '../helpers/in-process.js'
import { copyFixture, snapshotTree } from '../helpers/tree.js'

interface Case {
  args: string[]
  env?: Record<string, string>
  code: string
  /** A regular expression the first stderr line must match. */
  stderr: string
}

const folder = `${ROOT}/fixtures/bad-input`
const cases = readdirSync(folder).sort()

const caseOf = (name: string) => JSON.parse(readFileSync(`${folder}/${name}/case.json`, 'utf8')) as Case

// In-process: the same runCli the bin calls, with its own environment; spawning each case would
// prove nothing more (the spawned bin's streams and exit codes are checked below and in commands.test.ts).
describe('bad input gets one clear line, exit 2, and nothing written', () => {
  it.each(cases)('%s', async (name) => {
    const spec = caseOf(name)
    const cwd = copyFixture(`${folder}/${name}`)
    const before = snapshotTree(cwd)

    const human = await mwpackInProcess(spec.args, cwd, spec.env ?? {})
    expect(human.code, human.stderr).toBe(2)
    expect(human.stdout).toBe('')
    const lines = human.stderr.trimEnd().split('\n')
    expect(lines[0]).toMatch(new RegExp(spec.stderr))
    expect(lines[0]).toContain(`[${spec.code}]`)
    expect(human.stderr).not.toMatch(/\n\s+at /) // no stack trace for a user mistake

    const json = await mwpackInProcess([...spec.args, '--json'], cwd, spec.env ?? {})
    expect(json.code).toBe(2)
    const document = JSON.parse(json.stdout)
    expect(document).toMatchObject({ ok: false, exit_code: 2 })
    expect(document.diagnostics[0].code).toBe(spec.code)

    expect(snapshotTree(cwd)).toEqual(before)
  })
})

describe('the spawned command line', () => {
  it.each(cases.filter((_, i) => i % 12 === 0))('says the same as the in-process run for %s, on stderr, with exit 2', async (name) => {
    const spec = caseOf(name)
    const cwd = copyFixture(`${folder}/${name}`)
    const spawned = mwpack(spec.args, { cwd, env: spec.env ?? {} })
    const inProcess = await mwpackInProcess(spec.args, cwd, spec.env ?? {})
    expect(spawned).toEqual({ code: 2, stdout: '', stderr: inProcess.stderr })
  })
})
