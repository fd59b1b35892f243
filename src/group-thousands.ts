// Thousands separators on a decimal string, below every folder, so the model's messages and the display module group numbers alike.

/** Thousands separators on a plain decimal string, whatever the locale: `4998844.5` -> `4,998,844.5`, `-1156` -> `-1,156`. */
export function groupThousands(decimal: string): string {
  const [int = '', frac] = decimal.split('.')
  const sign = int.startsWith('-') ? '-' : ''
  const grouped = int.slice(sign.length).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}${grouped}${frac === undefined ? '' : `.${frac}`}`
}
