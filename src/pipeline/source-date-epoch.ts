// Parses SOURCE_DATE_EPOCH strictly (zip-bundle.ts clamps it to what a zip can hold).
import { error, type Diagnostic } from '../diagnostics/diagnostic.js'

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
