// Parses SOURCE_DATE_EPOCH strictly and clamps it to what a zip can hold.
import { error, type Diagnostic } from '../diagnostics/diagnostic.js'

/** 1980-01-01T00:00:00Z: the earliest time a zip entry can carry. */
export const ZIP_EPOCH = 315_532_800
/** 2107-12-31T23:59:58Z: the latest (DOS dates count years from 1980 in 7 bits, seconds in 2 s steps). */
export const ZIP_LAST = 4_354_819_198

/**
 * SOURCE_DATE_EPOCH as the reproducible-builds spec defines it: ASCII
 * digits, like `date +%s`. Anything else (signs, spaces, decimals, hex,
 * values past JavaScript's exact integers) is a user error, never a guess.
 *
 * `from` names where the value came from, for the message.
 */
export function parseSourceDateEpoch(raw: string, from: string): { ok: true; value: number } | { ok: false; diagnostic: Diagnostic } {
  if (/^[0-9]+$/.test(raw)) {
    const value = Number(raw)
    if (Number.isSafeInteger(value)) return { ok: true, value }
  }
  return {
    ok: false,
    diagnostic: error('MWP_SOURCE_DATE_EPOCH_INVALID', `${from} must be a non-negative integer number of seconds, found ${JSON.stringify(raw)}`, {
      hint: 'use the output of `date +%s` or `git log -1 --format=%ct`',
    }),
  }
}

/** The time a zip entry can actually hold: the source date clamped to the DOS range. */
export function zipTimestamp(sourceDateEpoch: number): number {
  return Math.min(Math.max(sourceDateEpoch, ZIP_EPOCH), ZIP_LAST)
}
