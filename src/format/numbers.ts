// Locale-independent thousands separators for plain numbers (byte sizes, chart ticks); quantities go through display.ts.
/**
 * Number formatting that does not depend on the machine's locale or ICU data:
 * what mwpack prints and writes reads the same everywhere.
 */

/** `4998844` -> `4,998,844`; `721.6` -> `721.6`; `-1156.5` -> `-1,156.5`. */
export function withThousands(value: number, fractionDigits?: number): string {
  const fixed = fractionDigits === undefined ? String(value) : value.toFixed(fractionDigits)
  if (!Number.isFinite(value) || /e/i.test(fixed)) return fixed
  const [whole = '', fraction] = fixed.split('.')
  const sign = whole.startsWith('-') ? '-' : ''
  const digits = sign ? whole.slice(1) : whole
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}${grouped}${fraction !== undefined ? `.${fraction}` : ''}`
}
