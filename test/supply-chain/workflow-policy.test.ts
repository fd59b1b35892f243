import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { readWorkflows } from '../../scripts/check-action-pins.ts'
import { ROOT } from '../helpers/cli.js'

interface Step {
  uses?: string
  with?: Record<string, unknown>
}
interface Job {
  permissions?: Record<string, string> | string
  steps?: Step[]
}
interface Workflow {
  on: Record<string, unknown>
  permissions?: Record<string, string> | string
  jobs: Record<string, Job>
}

const workflows = readWorkflows(ROOT).map(({ file, text }) => ({ file, workflow: parse(text) as Workflow }))
const byName = (name: string) => workflows.find((w) => w.file.endsWith(`/${name}`))!.workflow

describe('the workflows follow the supply-chain baseline', () => {
  it('has CI, security and release workflows', () => {
    expect(workflows.map((w) => w.file).sort()).toEqual(['.github/workflows/ci.yml', '.github/workflows/release.yml', '.github/workflows/security.yml'])
  })

  it.each(workflows.map((w) => [w.file, w.workflow] as const))('%s: grants nothing at the top and only what each job needs', (_, workflow) => {
    expect(workflow.permissions).toEqual({})
    for (const job of Object.values(workflow.jobs)) {
      expect(job.permissions).toBeTypeOf('object')
      for (const [scope, level] of Object.entries(job.permissions as Record<string, string>)) {
        if (level === 'write') expect(['security-events', 'id-token', 'attestations', 'contents']).toContain(scope)
      }
    }
  })

  it.each(workflows.map((w) => [w.file, w.workflow] as const))('%s: hardens every runner first and never persists checkout credentials', (_, workflow) => {
    for (const job of Object.values(workflow.jobs)) {
      const [first, ...rest] = job.steps ?? []
      expect(first?.uses).toMatch(/^step-security\/harden-runner@/)
      expect(first?.with).toMatchObject({ 'egress-policy': 'audit' })
      for (const step of rest.filter((s) => s.uses?.startsWith('actions/checkout@'))) expect(step.with).toMatchObject({ 'persist-credentials': false })
    }
  })

  it.each(workflows.map((w) => [w.file, w.workflow] as const))('%s: uses no trigger that runs untrusted code with secrets', (_, workflow) => {
    expect(Object.keys(workflow.on)).not.toContain('pull_request_target')
    expect(Object.keys(workflow.on)).not.toContain('workflow_run')
  })

  it('tests on Node 20, 22 and 24, and lints the packed tarball', () => {
    const ci = byName('ci.yml')
    const text = readFileSync(`${ROOT}/.github/workflows/ci.yml`, 'utf8')
    expect((ci.jobs.test as Job & { strategy: { matrix: { node: number[] } } }).strategy.matrix.node).toEqual([20, 22, 24])
    for (const command of ['npm ci', 'npm run typecheck', 'npm test', 'publint', 'attw --pack', 'sha256sum']) expect(text).toContain(command)
  })

  it('scans with CodeQL, zizmor, the pin guard and dependency review', () => {
    const text = readFileSync(`${ROOT}/.github/workflows/security.yml`, 'utf8')
    for (const piece of [
      'github/codeql-action/init@',
      'languages: javascript-typescript',
      'zizmorcore/zizmor-action@',
      'node scripts/check-action-pins.ts',
      'actions/dependency-review-action@',
    ]) {
      expect(text).toContain(piece)
    }
  })

  it('attests the tarball and the example bundle, attaches the attestation to the release, and publishes with OIDC only', () => {
    const release = byName('release.yml')
    expect(Object.keys(release.on)).toEqual(['push'])
    expect(release.jobs.build!.permissions).toEqual({ contents: 'read', 'id-token': 'write', attestations: 'write' })
    expect(release.jobs.npm!.permissions).toEqual({ contents: 'read', 'id-token': 'write' })
    const text = readFileSync(`${ROOT}/.github/workflows/release.yml`, 'utf8')
    expect(text).toContain('actions/attest@')
    expect(text).toContain('release/5mw-bundle.zip')
    expect(text).toMatch(/\.sigstore\.json/)
    expect(text).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN/)
    const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8'))
    expect(pkg.repository.url).toBe('git+https://github.com/mwpack/mwpack.git')
  })

  it('keeps Dependabot on npm and actions, weekly, grouped, with a cooldown', () => {
    const dependabot = parse(readFileSync(`${ROOT}/.github/dependabot.yml`, 'utf8')) as { updates: Array<Record<string, any>> }
    expect(dependabot.updates.map((u) => u['package-ecosystem'])).toEqual(['npm', 'github-actions'])
    for (const update of dependabot.updates) {
      expect(update.schedule.interval).toBe('weekly')
      expect(update.cooldown['default-days']).toBeGreaterThan(0)
      expect(Object.keys(update.groups).length).toBeGreaterThan(0)
    }
  })

  it('has CODEOWNERS and a security policy', () => {
    expect(existsSync(`${ROOT}/.github/CODEOWNERS`)).toBe(true)
    expect(readFileSync(`${ROOT}/SECURITY.md`, 'utf8')).toMatch(/## Reporting a vulnerability[\s\S]*## In scope[\s\S]*## Supported versions/)
  })
})
