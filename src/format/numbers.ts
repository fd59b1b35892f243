// Locale-independent number and watt formatting.
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

/** Watts in the unit a reader expects: `4,998,844 W`, or `5.00 MW` / `41.8 kW` when `scaled`. */
export function formatWatts(watts: number, scaled = false): string {
  if (!scaled) return `${withThousands(watts)} W`
  const abs = Math.abs(watts)
  if (abs >= 1e6) return `${withThousands(watts / 1e6, 2)} MW`
  if (abs >= 1e3) return `${withThousands(watts / 1e3, 1)} kW`
  return `${withThousands(watts)} W`
}
