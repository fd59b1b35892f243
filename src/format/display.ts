// How every quantity is displayed: precision, unit and separators, the same in memos, pages, tables, `mwpack size` and sweeps.
import { decimalRatio, type Ratio } from '../cluster/exact-ratio.js'
import { groupThousands } from '../group-thousands.js'
import { WATTS_PER, isPower, quantityAt, type Quantity, type Unit } from './units.js'

/**
 * One display per quantity, so a figure reads the same wherever it appears:
 * the memo's prose and tables, the rendered page's panel and charts,
 * `mwpack size` and the sweep. Each unit has a number of decimals, shown
 * when they are not zero ("8.5 W", "4,998,844 W", "5 MW", "4.999 MW",
 * "77.8%"); thousands are separated with commas whatever the machine's
 * locale. Values are rounded from the decimal a report holds, exactly
 * (529.084 to a tenth is 529.1, never 529.0999), to the nearest, or down for
 * a limit to set (a per-GPU power cap), so a reader never copies a figure
 * that breaks the cap.
 */

/** Decimals shown for each unit, alone or with its symbol (a fraction alone is a decimal, 0.893; with its symbol a percentage, 89.3%). */
const DECIMALS: Record<Unit, number> = {
  W: 1,
  kW: 1,
  MW: 3,
  count: 0,
  'GPUs/MW': 1,
  'GPU-eq': 1,
  ratio: 2,
  fraction: 3,
  'Gb/s': 1,
  text: 0,
  flag: 0,
}

/**
 * An exact ratio to `decimals` places, halves away from zero, or toward
 * minus infinity with `down`; trailing zeros dropped; plain digits.
 */
function roundRatio({ n, d }: Ratio, decimals: number, down: boolean): string {
  const scaled = n * 10n ** BigInt(decimals)
  let whole = scaled / d
  const rest = scaled - whole * d
  if (down) {
    if (rest < 0n) whole -= 1n
  } else if (2n * (rest < 0n ? -rest : rest) >= d) {
    whole += rest < 0n ? -1n : 1n
  }
  const negative = whole < 0n
  const digits = (negative ? -whole : whole).toString().padStart(decimals + 1, '0')
  const int = digits.slice(0, digits.length - decimals)
  const frac = digits.slice(digits.length - decimals).replace(/0+$/, '')
  return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`
}

/** `value` (as the decimal it prints as) to `decimals` places; see roundRatio. */
export function roundDecimal(value: number, decimals: number, down = false): string {
  return roundRatio(decimalRatio(value), decimals, down)
}

export { groupThousands }

/** The number a quantity shows, with separators and without its unit symbol: `4,998,844`, `0.778`, `0.94`. */
export function displayNumber(value: number, quantity: Quantity): string {
  if (!Number.isFinite(value)) return String(value)
  return groupThousands(roundRatio(decimalRatio(value), DECIMALS[quantity.unit], quantity.roundDown === true))
}

/** A fraction as a percentage, to a tenth: 0.778 -> `77.8%`; exact, so 0.0725 is 7.3%, not 7.2%. */
function percentNumber(value: number, roundDown: boolean): string {
  const { n, d } = decimalRatio(value)
  return groupThousands(roundRatio({ n: n * 100n, d }, 1, roundDown))
}

/**
 * A quantity as a reader sees it, with its unit: `4,998,844 W`, `5 MW`,
 * `140 kW`, `77.8%`, `0.94:1`, `3,608`, `721.6`, `400 Gb/s`.
 */
export function display(value: number, quantity: Quantity): string {
  if (!Number.isFinite(value)) return String(value)
  if (quantity.unit === 'fraction') return `${percentNumber(value, quantity.roundDown === true)}%`
  const number = displayNumber(value, quantity)
  switch (quantity.unit) {
    case 'W':
    case 'kW':
    case 'MW':
      return `${number} ${quantity.unit}`
    case 'ratio':
      return `${number}:1`
    case 'Gb/s':
      return `${number} Gb/s`
    default:
      return number
  }
}

/** A power in another power unit, converted exactly: 5 MW as kW is `5,000 kW`; 233,064 W as kW is `233.1 kW`. */
export function displayPower(value: number, from: 'W' | 'kW' | 'MW', to: 'W' | 'kW' | 'MW', roundDown = false): string {
  if (!Number.isFinite(value)) return String(value)
  // Through the exact decimal: 0.05 MW is 50,000 W, not 50,000.00000000001.
  const { n, d } = decimalRatio(value)
  const [up, down] = [BigInt(WATTS_PER[from]), BigInt(WATTS_PER[to])]
  return `${groupThousands(roundRatio({ n: n * up, d: d * down }, DECIMALS[to], roundDown))} ${to}`
}

/**
 * A report key's value as its quantity shows (src/format/units.ts), in watts
 * converted to `as` for power: `showKey('it_cap_w', 5e6, 'MW')` is `5 MW`,
 * rounded down as a cap is.
 */
export function showKey(path: string, value: number, as?: 'W' | 'kW' | 'MW'): string {
  const quantity = quantityAt(path) ?? { unit: 'count' }
  if (as && isPower(quantity.unit)) return displayPower(value, quantity.unit, as, quantity.roundDown === true)
  return display(value, quantity)
}

/**
 * A report key's number as `{{ key }}` shows it, without its unit symbol:
 * `showNumber('peak_pue', 1.25)` is `1.25`, where `showKey` would add `:1`.
 */
export function showNumber(path: string, value: number): string {
  return displayNumber(value, quantityAt(path) ?? { unit: 'count' })
}

/** Watts as a reader expects them: `4,998,844 W`. */
export const watts = (value: number, roundDown = false): string => display(value, { unit: 'W', ...(roundDown && { roundDown: true }) })

/** Watts in megawatts: `4.999 MW`, `5 MW`. */
export const megawatts = (wattsValue: number): string => displayPower(wattsValue, 'W', 'MW')

/** Megawatts as written in a config or a sweep: `6.25 MW`. */
export const mw = (megawattsValue: number): string => display(megawattsValue, { unit: 'MW' })

/** A fraction as a percentage: `77.8%`. */
export const percent = (fraction: number): string => display(fraction, { unit: 'fraction' })

/** A ratio: `0.94:1`. */
export const ratio = (value: number): string => display(value, { unit: 'ratio' })

/** A count with separators: `3,608`. */
export const count = (value: number): string => display(value, { unit: 'count' })

/** GPUs per megawatt: `721.6`. */
export const density = (value: number): string => display(value, { unit: 'GPUs/MW' })

/** Throughput in GPU-equivalents: `3,866.9`. */
export const throughput = (value: number): string => display(value, { unit: 'GPU-eq' })

export { isPower }
