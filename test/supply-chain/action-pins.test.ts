import { describe, expect, it } from 'vitest'
import { checkWorkflows, formatFinding, readWorkflows } from '../../scripts/check-action-pins.ts'
import { ROOT } from '../helpers/cli.js'

const SHA = '3d3c42e5aac5ba805825da76410c181273ba90b1'
const OTHER = '820762786026740c76f36085b0efc47a31fe5020'

/** One workflow with the given step lines, checked as if it were .github/workflows/test.yml. */
function check(...steps: string[]) {
  const text = ['on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', ...steps.map((s) => `      ${s}`), ''].join('\n')
  return checkWorkflows([{ file: '.github/workflows/test.yml', text }]).map(formatFinding)
}

describe('the action pinning guard (GATE-SEC-001)', () => {
  it('passes every workflow in this repository', () => {
    expect(checkWorkflows(readWorkflows(ROOT)).map(formatFinding)).toEqual([])
  })

  it('accepts a full SHA with its exact tag as a same-line comment', () => {
    expect(check(`- uses: actions/checkout@${SHA} # v7.0.1`)).toEqual([])
  })

  it.each([
    ['a tag', '- uses: actions/checkout@v4', 'ref "v4" is a tag or branch'],
    ['a branch', '- uses: actions/checkout@main', 'ref "main" is a tag or branch'],
    ['a short SHA', '- uses: actions/checkout@3d3c42e # v7.0.1', 'short or uppercase SHA "3d3c42e"'],
    ['an uppercase SHA', `- uses: actions/checkout@${SHA.toUpperCase()} # v7.0.1`, 'short or uppercase SHA'],
    ['no ref at all', '- uses: actions/checkout', 'no ref'],
    ['a missing comment', `- uses: actions/checkout@${SHA}`, 'missing version comment'],
    ['a vague comment', `- uses: actions/checkout@${SHA} # v7`, 'version comment "# v7" is not an exact tag'],
    ['a docker image by tag', '- uses: docker://alpine:3.20', 'must be pinned by digest'],
  ])('rejects %s, naming the file and line', (_, step, problem) => {
    const [finding, ...rest] = check(step)
    expect(rest).toEqual([])
    expect(finding).toMatch(/^\.github\/workflows\/test\.yml:6: /)
    expect(finding).toContain(problem)
  })

  it('sees through quoting and flow style', () => {
    expect(check(`- { name: quoted, uses: "actions/checkout@v4" }`)).toHaveLength(1)
    expect(check(`- uses: 'actions/setup-node@main'  # v7.0.0`)).toHaveLength(1)
  })

  it('accepts local actions and docker images pinned by digest', () => {
    expect(check('- uses: ./.github/actions/setup', `- uses: docker://alpine@sha256:${'a'.repeat(64)}`)).toEqual([])
  })

  it('checks reusable workflows called at job level', () => {
    const text = ['on: push', 'jobs:', '  call:', '    uses: octo/workflows/.github/workflows/ci.yml@main', ''].join('\n')
    expect(checkWorkflows([{ file: 'w.yml', text }]).map(formatFinding)).toEqual([
      'w.yml:4: octo/workflows/.github/workflows/ci.yml@main: ref "main" is a tag or branch, which can move: pin the full 40-character commit SHA',
    ])
  })

  it('catches a stale comment: one commit labelled with two versions, or one version on two commits', () => {
    expect(check(`- uses: actions/checkout@${SHA} # v7.0.1`, `- uses: actions/checkout@${SHA} # v7.0.0`)[0]).toContain('disagrees with "# v7.0.1"')
    expect(check(`- uses: actions/checkout@${SHA} # v7.0.1`, `- uses: actions/checkout@${OTHER} # v7.0.1`)[0]).toContain('is pinned to')
  })

  it('reports broken YAML instead of passing it', () => {
    expect(checkWorkflows([{ file: 'bad.yml', text: 'jobs:\n  a: [\n' }])[0]!.problem).toMatch(/^invalid YAML/)
  })
})
