// The one rule for whole-number arguments (flags, environment variables, options given as text).

/**
 * `raw` as a whole number when it is written in ASCII digits only, with no
 * sign, space, decimal point, exponent or hex prefix, and is at most `max`
 * (at most 2^53 - 1, where JavaScript numbers stop being exact); else
 * undefined. `date +%s` output and `--nodes 144` pass; `' 5'`, `+5`, `-1`,
 * `5.0`, `1e3`, `0x10` and fullwidth digits do not. Callers word the
 * message, naming the flag or variable and what it expects.
 */
export function parseWholeNumber(raw: string, max: number = Number.MAX_SAFE_INTEGER): number | undefined {
  if (!/^[0-9]+$/.test(raw)) return undefined
  const value = Number(raw)
  return Number.isSafeInteger(value) && value <= max ? value : undefined
}
