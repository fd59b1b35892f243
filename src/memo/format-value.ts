// Formats report values for prose: thousands separators, units, fixed decimals; the same on every machine.
import { withThousands } from '../format/numbers.js'

export interface ValueFormat {
  name: string
  /** Optional numeric argument, `fixed:2`. */
  digits?: number
}

/** The formats a memo can ask for, with what they do (for error messages and docs). */
export const FORMATS: Record<string, string> = {
  num: 'a number with thousands separators and at most two decimals (the default for numbers)',
  int: 'rounded to a whole number, with thousands separators',
  fixed: 'exactly N decimals: fixed:1, fixed:2, ...',
  w: 'watts, to a tenth: 4,998,844 W, 8.5 W',
  kw: 'kilowatts, one decimal: 10.2 kW',
  mw: 'megawatts, three decimals: 4.999 MW',
  pct: 'a fraction as a percentage, one decimal: 0.94 -> 94.0%',
  ratio: 'an oversubscription ratio: 0.94:1',
  raw: 'the value exactly as JSON writes it',
}

/** The text a value becomes, or an error sentence when the format does not fit the value. */
export function formatValue(value: unknown, format: ValueFormat | undefined): { ok: true; text: string } | { ok: false; error: string } {
  if (format?.name === 'raw') return { ok: true, text: value === undefined ? '' : JSON.stringify(value) }
  if (value === null) return { ok: true, text: 'n/a' }
  if (typeof value === 'string')
    return format ? { ok: false, error: `format "${format.name}" needs a number, and this value is text` } : { ok: true, text: value }
  if (typeof value === 'boolean')
    return format ? { ok: false, error: `format "${format.name}" needs a number, and this value is true/false` } : { ok: true, text: String(value) }
  if (typeof value !== 'number') return { ok: false, error: 'this key holds a group of values, not one value; name a key inside it' }

  switch (format?.name ?? 'num') {
    case 'num':
      return { ok: true, text: withThousands(Math.round(value * 100) / 100) }
    case 'int':
      return { ok: true, text: withThousands(Math.round(value)) }
    case 'fixed':
      return { ok: true, text: withThousands(value, format?.digits ?? 2) }
    case 'w':
      return { ok: true, text: `${withThousands(Math.round(value * 10) / 10)} W` }
    case 'kw':
      return { ok: true, text: `${withThousands(value / 1e3, 1)} kW` }
    case 'mw':
      return { ok: true, text: `${withThousands(value / 1e6, 3)} MW` }
    case 'pct':
      return { ok: true, text: `${withThousands(value * 100, 1)}%` }
    case 'ratio':
      return { ok: true, text: `${withThousands(Math.round(value * 100) / 100)}:1` }
    default:
      return { ok: false, error: `unknown format "${format?.name}"` }
  }
}
