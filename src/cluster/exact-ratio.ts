// Exact rational arithmetic on BigInt, for the power-capping optimizer's comparisons.

/**
 * A rational number n/d with d > 0, never reduced: the optimizer does a
 * handful of operations per comparison, so the numbers stay small enough
 * that a gcd would cost more than it saves.
 */
export interface Ratio {
  readonly n: bigint
  readonly d: bigint
}

export const ONE: Ratio = { n: 1n, d: 1n }

export function ratio(n: bigint, d: bigint): Ratio {
  return d < 0n ? { n: -n, d: -d } : { n, d }
}

/**
 * The decimal a JSON number was written as: `0.7` is 7/10, not the binary
 * double nearest to it. JavaScript prints the shortest decimal that reads
 * back as the same double, which for anything typed in a config is the text
 * the user wrote.
 */
export function decimalRatio(x: number): Ratio {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`)
  // A safe integer prints as its digits: the same ratio, without the text.
  if (Number.isSafeInteger(x)) return { n: BigInt(x), d: 1n }
  let known = decimals.get(x)
  if (known === undefined) {
    // Sizing and display convert the same few config figures many times over; the map is bounded.
    if (decimals.size >= MAX_KNOWN_DECIMALS) decimals.clear()
    known = parseDecimal(x)
    decimals.set(x, known)
  }
  return known
}

/** decimalRatio's answers so far, by number (Ratio is immutable, so they can be shared). */
const decimals = new Map<number, Ratio>()
const MAX_KNOWN_DECIMALS = 4096

function parseDecimal(x: number): Ratio {
  const [mantissa, exponent = '0'] = String(x).split('e')
  const [whole, fraction = ''] = mantissa!.split('.')
  const scale = Number(exponent) - fraction.length
  const digits = BigInt(whole! + fraction)
  return scale >= 0 ? { n: digits * 10n ** BigInt(scale), d: 1n } : { n: digits, d: 10n ** BigInt(-scale) }
}

export const add = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d })
export const sub = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.d - b.n * a.d, d: a.d * b.d })
export const mul = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.n, d: a.d * b.d })
export const div = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.d, a.d * b.n)

/** -1, 0 or 1 as a is below, equal to or above b. */
export function compare(a: Ratio, b: Ratio): -1 | 0 | 1 {
  const left = a.n * b.d
  const right = b.n * a.d
  return left < right ? -1 : left > right ? 1 : 0
}

export const min = (a: Ratio, b: Ratio): Ratio => (compare(a, b) <= 0 ? a : b)

/** floor(a) for a >= 0. */
export const floor = (a: Ratio): bigint => a.n / a.d

/** a to the nearest integer, halves up, for a >= 0. */
export const roundHalfUp = (a: Ratio): bigint => (2n * a.n + a.d) / (2n * a.d)

/** The double nearest a (to within a unit in the last place); for reporting, never for a decision. */
export function toNumber(a: Ratio): number {
  const whole = a.n / a.d
  // Split off the whole part so a huge numerator and denominator cannot both overflow to Infinity.
  return Number(whole) + Number(((a.n - whole * a.d) * 2n ** 64n) / a.d) / 2 ** 64
}
