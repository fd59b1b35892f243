// Tidies an ATX heading line: `#   Title  ##  ` becomes `# Title`.
/**
 * What stands before the `#`s (container markers, indentation) stays, then
 * the opening run, one space and the text as the parser cuts it: leading and
 * trailing spaces and tabs and the closing `#` run go. Undefined when the text
 * itself ends in ` #` or is all `#`: without its closing run, that `#` would
 * become the closing run. Scans, no backtracking pattern: a line of spaces
 * costs its length.
 *
 * `column`: 0-based offset of the first `#`.
 */
export function tidyAtxHeading(line: string, column: number): string | undefined {
  const prefix = line.slice(0, column)
  let open = column
  while (line[open] === '#') open++
  const marker = line.slice(column, open)
  if (open - column > 6 || (open < line.length && line[open] !== ' ' && line[open] !== '\t')) return undefined
  let start = open
  let end = line.length
  while (start < end && isSpace(line[start]!)) start++
  while (end > start && isSpace(line[end - 1]!)) end--
  // A closing run: `#`s after a space or tab, or the whole text.
  let hashes = end
  while (hashes > start && line[hashes - 1] === '#') hashes--
  if (hashes === start) end = start
  else if (hashes < end && isSpace(line[hashes - 1]!)) {
    end = hashes
    while (end > start && isSpace(line[end - 1]!)) end--
  }
  const content = line.slice(start, end)
  if (content === '') return `${prefix}${marker}`
  let tail = content.length
  while (tail > 0 && content[tail - 1] === '#') tail--
  if (tail === 0 || (tail < content.length && isSpace(content[tail - 1]!))) return undefined
  return `${prefix}${marker} ${content}`
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t'
}
