import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/cli.js'
import { mwpackInProcess } from '../helpers/in-process.js'
import { tempDir } from '../helpers/tree.js'

let cwd = ''
beforeAll(() => {
  cwd = tempDir()
  cpSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.memo.md`, join(cwd, '5mw.memo.md'))
  cpSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`, join(cwd, '5mw.cluster.json'))
})

describe('whole numbers from flags and the environment follow one rule: ASCII digits, nothing else', () => {
  it.each([
    ['--nodes with a leading space', ['size', '5mw.cluster.json', '--nodes', ' 5'], {}, '--nodes: expected a whole number of nodes', '" 5"'],
    ['--nodes with a trailing space', ['size', '5mw.cluster.json', '--nodes', '5 '], {}, '--nodes: expected a whole number of nodes', '"5 "'],
    ['--nodes -1', ['size', '5mw.cluster.json', '--nodes', '-1'], {}, '--nodes: expected a whole number of nodes', '"-1"'],
    ['--source-date-epoch -1', ['build', '5mw.memo.md', '--out', 'o', '--source-date-epoch', '-1'], {}, '--source-date-epoch must be a non-negative', '"-1"'],
    [
      'SOURCE_DATE_EPOCH with a leading space',
      ['build', '5mw.memo.md', '--out', 'o'],
      { SOURCE_DATE_EPOCH: ' 5' },
      'SOURCE_DATE_EPOCH environment variable must be',
      '" 5"',
    ],
    ['--step -1', ['size', '5mw.cluster.json', '--sweep-cap', '1..3', '--step', '-1'], {}, '--step: expected a number of megawatts', '"-1"'],
    [
      '--sweep-cap with spaces',
      ['size', '5mw.cluster.json', '--sweep-cap', ' 1..3', '--step', '1'],
      {},
      '--sweep-cap FROM: expected a number of megawatts',
      '" 1"',
    ],
  ])('refuses %s, naming it and what it expects', async (_, argv, env, says, found) => {
    const run = await mwpackInProcess(argv, cwd, env)
    expect(run.code, run.stderr).toBe(2)
    expect(run.stderr).toContain(says)
    expect(run.stderr).toContain(`found ${found}`)
    expect(run.stderr).not.toContain('needs a value')
  })

  it('accepts plain digits from each', async () => {
    expect((await mwpackInProcess(['size', '5mw.cluster.json', '--nodes', '5'], cwd)).code).toBe(0)
    expect((await mwpackInProcess(['validate', '5mw.memo.md'], cwd, { SOURCE_DATE_EPOCH: '5' })).code).toBe(0)
  })

  it('still says a flag needs a value when nothing follows it', async () => {
    const run = await mwpackInProcess(['size', '5mw.cluster.json', '--nodes'], cwd)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--nodes needs a value')
  })
})
