import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ROOT, mwpack } from '../helpers/cli.js'
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

describe('bad input gets one clear line, exit 2, and nothing written', () => {
  it.each(cases)('%s', (name) => {
    const spec = JSON.parse(readFileSync(`${folder}/${name}/case.json`, 'utf8')) as Case
    const cwd = copyFixture(`${folder}/${name}`)
    const before = snapshotTree(cwd)

    const human = mwpack(spec.args, { cwd, env: spec.env ?? {} })
    expect(human.code, human.stderr).toBe(2)
    expect(human.stdout).toBe('')
    const lines = human.stderr.trimEnd().split('\n')
    expect(lines[0]).toMatch(new RegExp(spec.stderr))
    expect(lines[0]).toContain(`[${spec.code}]`)
    expect(human.stderr).not.toMatch(/\n\s+at /) // no stack trace for a user mistake

    const json = mwpack([...spec.args, '--json'], { cwd, env: spec.env ?? {} })
    expect(json.code).toBe(2)
    const document = JSON.parse(json.stdout)
    expect(document).toMatchObject({ ok: false, exit_code: 2 })
    expect(document.diagnostics[0].code).toBe(spec.code)

    expect(snapshotTree(cwd)).toEqual(before)
  })
})
