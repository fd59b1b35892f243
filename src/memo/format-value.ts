// Applies a memo's `| format` to one value of a known unit: only the formats that fit the unit, displayed as everywhere else.
import { error, type Outcome } from '../diagnostics/diagnostic.js'
import { display, displayNumber, displayPower, groupThousands, roundDecimal } from '../format/display.js'
import { describeUnit, isPower, type Quantity, type Unit } from '../format/units.js'

export interface ValueFormat {
  name: string
  /** Optional numeric argument, `fixed:2`. */
  digits?: number
}

interface FormatSpec {
  /** What it does, for docs and messages. */
  does: string
  /** The units it applies to, in words: "power", "fractions". */
  for: string
  fits(unit: Unit): boolean
}

const NUMBER_UNITS: readonly Unit[] = ['W', 'kW', 'MW', 'count', 'GPUs/MW', 'GPU-eq', 'ratio', 'fraction', 'Gb/s']
const isNumber = (unit: Unit) => NUMBER_UNITS.includes(unit)

/** The formats a memo can ask for: what each does and the units it fits (docs/model.md, "Live numbers"). */
export const FORMATS: Readonly<Record<string, FormatSpec>> = {
  num: { does: 'the number as mwpack shows this quantity, without its unit (the default for numbers)', for: 'numbers', fits: isNumber },
  int: { does: 'rounded to a whole number, with thousands separators', for: 'numbers', fits: isNumber },
  fixed: { does: 'exactly N decimals: fixed:1, fixed:2, ...', for: 'numbers', fits: isNumber },
  w: { does: 'in watts: 4,998,844 W, 8.5 W', for: 'power', fits: isPower },
  kw: { does: 'in kilowatts: 233.1 kW', for: 'power', fits: isPower },
  mw: { does: 'in megawatts: 4.999 MW, 5 MW', for: 'power', fits: isPower },
  pct: { does: 'a fraction as a percentage: 0.778 -> 77.8%', for: 'fractions', fits: (unit) => unit === 'fraction' },
  ratio: { does: 'a ratio: 0.94:1', for: 'ratios', fits: (unit) => unit === 'ratio' },
  raw: { does: 'the value exactly as JSON writes it', for: 'any value', fits: () => true },
}

/** The formats that fit a unit, as a reader writes them (`fixed:N`), in table order. */
export function formatsFitting(unit: Unit): string[] {
  const fitting = Object.entries(FORMATS).filter(([, spec]) => spec.fits(unit))
  // The unit's own formats first: for power, w, kw, mw before the generic number formats.
  const own = fitting.filter(([, spec]) => spec.for !== 'numbers' && spec.for !== 'any value')
  const rest = fitting.filter(([, spec]) => spec.for === 'numbers' || spec.for === 'any value')
  return [...own, ...rest].map(([name]) => (name === 'fixed' ? 'fixed:N' : name))
}

/**
 * The text `value` becomes under `format`, or a diagnostic (message and
 * hint, no place: the caller adds it) when the format does not fit the
 * value's unit. `name` is the key as cited, for the message.
 */
export function formatValue(value: number | string | boolean, quantity: Quantity, format: ValueFormat | undefined, name: string): Outcome<string> {
  const ok = (text: string): Outcome<string> => ({ ok: true, value: text, diagnostics: [] })
  if (format?.name === 'raw') return ok(JSON.stringify(value))
  const unit = quantity.unit
  if (format && !FORMATS[format.name]!.fits(unit)) {
    return {
      ok: false,
      diagnostics: [
        error(
          'MWP_MEMO_REFERENCE',
          `format "${format.name}" is for ${FORMATS[format.name]!.for}, and ${name} is ${describeUnit(unit).replace(/ \(.*\)$/, '')}`,
          {
            hint: `formats that fit ${describeUnit(unit).replace(/ \(.*\)$/, '')}: ${formatsFitting(unit).join(', ')}`,
          },
        ),
      ],
    }
  }
  if (typeof value !== 'number') return ok(String(value))
  switch (format?.name ?? 'num') {
    case 'num':
      return ok(displayNumber(value, quantity))
    case 'int':
      return ok(groupThousands(roundDecimal(value, 0, quantity.roundDown)))
    case 'fixed':
      return ok(fixed(value, format?.digits ?? 2, quantity.roundDown === true))
    case 'w':
    case 'kw':
    case 'mw':
      return ok(displayPower(value, unit as 'W' | 'kW' | 'MW', format!.name === 'w' ? 'W' : format!.name === 'kw' ? 'kW' : 'MW', quantity.roundDown))
    default:
      return ok(display(value, quantity))
  }
}

/** Exactly `digits` decimals, rounded from the exact decimal (down for a limit), with separators. */
function fixed(value: number, digits: number, down: boolean): string {
  const [int = '0', frac = ''] = roundDecimal(value, digits, down).split('.')
  return groupThousands(digits > 0 ? `${int}.${frac.padEnd(digits, '0')}` : int)
}
