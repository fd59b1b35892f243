// Shortens user-written names quoted in messages, so a hostile input is not echoed whole.

/** How many characters of a name a message quotes: keys and flags are a few dozen at most. */
export const QUOTED_NAME_LENGTH = 60

/**
 * `text` as a message quotes it: whole up to `max` UTF-16 units, else its
 * first `max` (never half a surrogate pair), "…" and its full length, so a
 * 1 MB key costs a line of output, not a megabyte.
 */
export function clipText(text: string, max = QUOTED_NAME_LENGTH): string {
  if (text.length <= max) return text
  const cut = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max
  return `${text.slice(0, cut)}… (${text.length} characters)`
}
