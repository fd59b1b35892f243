import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { ROOT } from '../helpers/cli.js'
import { mwpackInProcess, type InProcessRun } from '../helpers/in-process.js'
import { snapshotTree, tempDir } from '../helpers/tree.js'

/**
 * How many cases each property runs: a bounded number in `npm test`, more
 * with MWPACK_FUZZ_RUNS (e.g. MWPACK_FUZZ_RUNS=2000 npx vitest run test/fuzz).
 * MWPACK_FUZZ_SEED replays a failure fast-check reported.
 */
export function fuzzRuns(fallback: number): number {
  const runs = Number(process.env.MWPACK_FUZZ_RUNS)
  return Number.isInteger(runs) && runs > 0 ? runs : fallback
}

export function fuzzOptions(fallback: number): { numRuns: number; seed?: number; endOnFailure: boolean } {
  const seed = Number(process.env.MWPACK_FUZZ_SEED)
  return { numRuns: fuzzRuns(fallback), ...(Number.isInteger(seed) ? { seed } : {}), endOnFailure: true }
}

/**
 * The time budget of one fuzz case, as a multiple of an ordinary build of
 * the example run the same way in the same process (a few tens of
 * milliseconds): generous enough for a loaded machine, far below what a
 * quadratic blow-up or a hang costs. Ratios, never absolute milliseconds.
 */
export const BUDGET_RATIO = 60

/** Best of five in-process builds of the example: the unit fuzz cases are timed against. */
export async function baselineMs(): Promise<number> {
  const cwd = tempDir()
  writeFileSync(join(cwd, '5mw.memo.md'), readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.memo.md`))
  writeFileSync(join(cwd, '5mw.cluster.json'), readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`))
  let best = Infinity
  for (let i = 0; i < 5; i++) best = Math.min(best, (await mwpackInProcess(['build', '5mw.memo.md', '--out', 'out'], cwd)).elapsedMs)
  return best
}

/** What every run must be: exit 0 or 2 (3 is a bug), one JSON document with --json, no stack trace. */
export function expectHandled(run: InProcessRun, context: string): void {
  expect([0, 2], `${context}\n${run.stderr}`).toContain(run.code)
  expect(run.stderr, context).not.toMatch(/\n\s+at /)
}

/** The largest elapsed times seen, per property, for the report at the end of a run. */
export class SlowestCases {
  private readonly seen: { ms: number; label: string }[] = []
  add(ms: number, label: string): void {
    this.seen.push({ ms, label })
    this.seen.sort((a, b) => b.ms - a.ms)
    this.seen.length = Math.min(this.seen.length, 3)
  }
  get maxMs(): number {
    return this.seen[0]?.ms ?? 0
  }
  summary(): string {
    return this.seen.map((s) => `${s.ms.toFixed(0)} ms (${s.label})`).join(', ')
  }
}

/** Everything under `root` but `except` (a relative folder), hashed: what a run must leave unchanged. */
export function snapshotExcept(root: string, except: string): Record<string, string> {
  return Object.fromEntries(Object.entries(snapshotTree(root)).filter(([path]) => path !== `${except}/` && !path.startsWith(`${except}/`)))
}

/** Names in a folder, sorted: what must be there after a run (no stray temp folders). */
export function namesIn(folder: string): string[] {
  return readdirSync(folder).sort()
}
