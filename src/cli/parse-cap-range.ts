// `--sweep-cap FROM..TO --step S`: the caps to sweep, exact in decimal.
import { LIMITS } from '../cluster/cluster-schema.js'
import { MAX_SWEEP_POINTS } from '../cluster/cap-sweep.js'
import { error, type Diagnostic } from '../diagnostics/diagnostic.js'

const DECIMAL = /^(\d+)(?:\.(\d+))?$/

/**
 * The caps from FROM to TO (inclusive when a step lands on it) in steps of S
 * megawatts. The arithmetic is on whole numbers scaled by a power of ten, so
 * `0.1..0.3 --step 0.1` gives 0.1, 0.2, 0.3, not 0.30000000000000004 and not
 * two points.
 */
export function parseCapRange(range: string, step: string | undefined): { ok: true; caps: number[] } | { ok: false; diagnostic: Diagnostic } {
  const fail = (message: string, hint: string) => ({ ok: false as const, diagnostic: error('MWP_ARG_INVALID', message, { hint }) })
  const [fromText, toText, ...extra] = range.split('..')
  if (toText === undefined || extra.length > 0)
    return fail(`--sweep-cap: expected FROM..TO in megawatts, found ${JSON.stringify(range)}`, 'write e.g. --sweep-cap 1..10')
  if (step === undefined) return fail('--sweep-cap needs --step: how far apart the caps are, in megawatts', `write e.g. --sweep-cap ${range} --step 0.5`)
  const parts = [fromText!, toText, step].map((text) => DECIMAL.exec(text))
  const names = ['--sweep-cap FROM', '--sweep-cap TO', '--step']
  const bad = parts.findIndex((p) => p === null)
  if (bad !== -1)
    return fail(
      `${names[bad]}: expected a number of megawatts such as 2.5, found ${JSON.stringify([fromText, toText, step][bad])}`,
      'plain decimals only: 0.5, 12, 2.25',
    )

  const decimals = Math.max(...parts.map((p) => p![2]?.length ?? 0))
  if (decimals > 9) return fail('--sweep-cap and --step: at most 9 decimals (a milliwatt is 1e-9 MW)', 'round the caps to the milliwatt')
  const scale = 10n ** BigInt(decimals)
  const scaled = parts.map((p) => BigInt(p![1]!) * scale + BigInt((p![2] ?? '').padEnd(decimals, '0') || '0'))
  const [from, to, by] = scaled as [bigint, bigint, bigint]
  const mw = (n: bigint) => Number(n) / Number(scale)

  if (from === 0n) return fail('--sweep-cap: caps must be greater than 0 MW, found FROM = 0', `start at the first step, e.g. --sweep-cap ${step}..${toText}`)
  if (from > to) return fail(`--sweep-cap: FROM (${fromText}) is above TO (${toText})`, `write --sweep-cap ${toText}..${fromText}`)
  if (mw(to) > LIMITS.itCapMw)
    return fail(`--sweep-cap: TO = ${toText} MW is above the largest cap mwpack sizes, ${LIMITS.itCapMw} MW`, 'check the units: caps are in megawatts')
  if (by === 0n) return fail('--step: must be greater than 0 MW', 'write e.g. --step 0.5')
  const count = (to - from) / by + 1n
  if (count > BigInt(MAX_SWEEP_POINTS))
    return fail(`--sweep-cap ${range} --step ${step} gives ${count} caps; a sweep takes at most ${MAX_SWEEP_POINTS}`, 'use a larger step')
  const caps: number[] = []
  for (let k = 0n; k < count; k++) caps.push(mw(from + k * by))
  return { ok: true, caps }
}
