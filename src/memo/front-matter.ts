// Finds a memo's front matter, the YAML block between `---` lines at the very top, and reads its title.
import { parse as parseYaml } from 'yaml'

/**
 * A memo split at its front matter. `frontMatter` is the block as written,
 * both fences included, with the line break after it (empty when there is
 * none); `body` is the rest, the Markdown a page shows.
 */
export interface FrontMatterSplit {
  frontMatter: string
  body: string
  /** Lines the block takes: line 1 of the body is line `lines + 1` of the memo. */
  lines: number
}

/**
 * `---` alone on the first line opens the block; the next line that is `---`
 * or `...` (YAML's document end), trailing spaces allowed, closes it. Without
 * a closing line there is no front matter: the `---` is a thematic break, as
 * GitHub and the docs frameworks read it. The text has LF line ends.
 */
export function splitFrontMatter(text: string): FrontMatterSplit {
  const none = { frontMatter: '', body: text, lines: 0 }
  if (!text.startsWith('---\n')) return none
  let start = 4
  for (let line = 2; start <= text.length; line++) {
    const newline = text.indexOf('\n', start)
    const end = newline === -1 ? text.length : newline
    let trimmed = end
    while (trimmed > start && (text[trimmed - 1] === ' ' || text[trimmed - 1] === '\t')) trimmed--
    const fence = text.slice(start, trimmed)
    if (fence === '---' || fence === '...') {
      const after = newline === -1 ? text.length : newline + 1
      return { frontMatter: text.slice(0, after), body: text.slice(after), lines: line }
    }
    if (newline === -1) return none
    start = newline + 1
  }
  return none
}

/**
 * The front matter's `title`, when it is a string: the page title. The block
 * is read as YAML (the `yaml` package, aliases capped); one that does not
 * parse, or has no string title, gives none, and the page falls back to the
 * memo's first heading.
 */
export function frontMatterTitle(frontMatter: string): string | undefined {
  const lines = frontMatter.split('\n')
  const yaml = lines.slice(1, frontMatter.endsWith('\n') ? -2 : -1).join('\n')
  try {
    const data: unknown = parseYaml(yaml, { maxAliasCount: 100, uniqueKeys: true })
    const title = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).title : undefined
    return typeof title === 'string' && title.trim() !== '' ? title.trim() : undefined
  } catch {
    return undefined
  }
}
