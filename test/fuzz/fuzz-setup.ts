import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { ROOT } from '../helpers/cli.js'
import { mwpackInProcess, type InProcessRun } from '../helpers/in-process.js'
import { snapshotTree, tempDir } from '../helpers/tree.js'

/**
 * How many cases each property runs: a bounded number in `npm test`, more
 * with MWPACK_FUZZ_RUNS, either a count for every property
 * (MWPACK_FUZZ_RUNS=2000) or a multiple of each one's default
 * (MWPACK_FUZZ_RUNS=20x). MWPACK_FUZZ_SEED replays a failure fast-check
 * reported.
 */
export function fuzzRuns(fallback: number): number {
  const setting = process.env.MWPACK_FUZZ_RUNS?.trim() ?? ''
  const times = /^(\d+)x$/.exec(setting)
  if (times) return fallback * Math.max(1, Number(times[1]))
  const runs = Number(setting)
  return setting !== '' && Number.isInteger(runs) && runs > 0 ? runs : fallback
}

/** fast-check's options for `runs` cases (already scaled by fuzzRuns), with MWPACK_FUZZ_SEED's seed. */
export function fuzzOptions(runs: number): { numRuns: number; seed?: number; endOnFailure: boolean } {
  const seed = Number(process.env.MWPACK_FUZZ_SEED)
  return { numRuns: runs, ...(Number.isInteger(seed) ? { seed } : {}), endOnFailure: true }
}

/**
 * The test timeout for `runs` cases: the suite's usual minute, or a quarter
 * of a second a case when MWPACK_FUZZ_RUNS asks for many (a case takes
 * milliseconds; the budget above is what catches a slow one).
 */
export function fuzzTimeoutMs(runs: number): number {
  return Math.max(60_000, runs * 250)
}

/**
 * The time budget of one fuzz case, as a multiple of the CPU time of an
 * ordinary build of the example run the same way in the same process (a few
 * tens of milliseconds): far below what a quadratic blow-up costs. CPU time,
 * not wall time, so other work on a loaded machine does not count against a
 * case; a ratio, never absolute milliseconds. A case that blocks instead of
 * computing is caught by the test's own timeout.
 */
export const BUDGET_RATIO = 60

/** Best of five in-process builds of the example, in CPU milliseconds: the unit fuzz cases are timed against. */
export async function baselineCpuMs(): Promise<number> {
  const cwd = tempDir()
  writeFileSync(join(cwd, '5mw.memo.md'), readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.memo.md`))
  writeFileSync(join(cwd, '5mw.cluster.json'), readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`))
  let best = Infinity
  for (let i = 0; i < 5; i++) best = Math.min(best, (await mwpackInProcess(['build', '5mw.memo.md', '--out', 'out'], cwd)).cpuMs)
  return best
}

/** What every run must be: exit 0 or 2 (3 is a bug), one JSON document with --json, no stack trace. */
export function expectHandled(run: InProcessRun, context: string): void {
  expect([0, 2], `${context}\n${run.stderr}`).toContain(run.code)
  expect(run.stderr, context).not.toMatch(/\n\s+at /)
}

/** The largest times seen (wall, with CPU beside it), per property, for the report at the end of a run. */
export class SlowestCases {
  private readonly seen: { ms: number; label: string }[] = []
  add(run: InProcessRun, label: string): void {
    this.seen.push({ ms: run.elapsedMs, label: `${label}, ${run.cpuMs.toFixed(0)} ms CPU` })
    this.seen.sort((a, b) => b.ms - a.ms)
    this.seen.length = Math.min(this.seen.length, 3)
  }
  get maxMs(): number {
    return this.seen[0]?.ms ?? 0
  }
  summary(): string {
    return this.seen.map((s) => `${s.ms.toFixed(0)} ms wall (${s.label})`).join(', ')
  }
}

/** Everything under `root` but `except` (a relative folder), hashed: what a run must leave unchanged. */
export function snapshotExcept(root: string, except: string): Record<string, string> {
  return withoutFolder(snapshotTree(root), except)
}

/** A snapshot (snapshotTree) without one relative folder and what is under it. */
export function withoutFolder(snapshot: Record<string, string>, folder: string): Record<string, string> {
  return Object.fromEntries(Object.entries(snapshot).filter(([path]) => path !== `${folder}/` && !path.startsWith(`${folder}/`)))
}

/** Names in a folder, sorted: what must be there after a run (no stray temp folders). */
export function namesIn(folder: string): string[] {
  return readdirSync(folder).sort()
}
