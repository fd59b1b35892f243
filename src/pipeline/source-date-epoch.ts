// Where the zip timestamp comes from (an explicit value, else SOURCE_DATE_EPOCH, else 0), parsed strictly (zip-bundle.ts clamps it).
import { error, type Diagnostic } from '../diagnostics/diagnostic.js'
import { parseWholeNumber } from './parse-whole-number.js'

/**
 * SOURCE_DATE_EPOCH as the reproducible-builds spec defines it: ASCII
 * digits, like `date +%s`. Anything else (signs, spaces, decimals, hex,
 * values past JavaScript's exact integers) is a user error, never a guess.
 *
 * `from` names where the value came from, for the message.
 */
export function parseSourceDateEpoch(raw: string, from: string): { ok: true; value: number } | { ok: false; diagnostic: Diagnostic } {
  const value = parseWholeNumber(raw)
  if (value !== undefined) return { ok: true, value }
  return {
    ok: false,
    diagnostic: error('MWP_SOURCE_DATE_EPOCH_INVALID', `${from} must be a non-negative integer number of seconds, found ${JSON.stringify(raw)}`, {
      hint: 'use the output of `date +%s` or `git log -1 --format=%ct`',
    }),
  }
}

/**
 * The one resolution of the zip timestamp, for the CLI and the plugin:
 * an explicit value (`--source-date-epoch`, or the plugin's `sourceDateEpoch`
 * option) wins, else the SOURCE_DATE_EPOCH environment variable, else 0.
 * An empty variable is how shells and CI templates spell "unset". `explicit.from`
 * names the flag or option for the message.
 */
export function resolveSourceDateEpoch(
  explicit: { value: string | number; from: string } | undefined,
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; value: number } | { ok: false; diagnostic: Diagnostic } {
  if (explicit !== undefined) {
    const { value, from } = explicit
    if (typeof value === 'string') return parseSourceDateEpoch(value, from)
    if (Number.isSafeInteger(value) && value >= 0) return { ok: true, value }
    return parseSourceDateEpoch(String(value), from)
  }
  const variable = env.SOURCE_DATE_EPOCH
  if (variable !== undefined && variable !== '') return parseSourceDateEpoch(variable, 'the SOURCE_DATE_EPOCH environment variable')
  return { ok: true, value: 0 }
}
