// Finds a memo's front matter, the YAML block between `---` lines at the very top, and reads it.
import { isMap, isScalar, parseDocument, type Document } from 'yaml'
import { error, type Outcome } from '../diagnostics/diagnostic.js'
import { textPositions } from '../diagnostics/text-position.js'
import { FILE_LIMITS, tooLargeDiagnostic } from '../input-limits.js'

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

/** A memo's front matter, read: the YAML document, its top level a mapping of fields (or empty). */
export interface FrontMatter {
  document: Document.Parsed
}

/**
 * How the YAML is read: YAML 1.2 (the `yaml` package's core schema, so a
 * date stays a string), duplicate keys refused, alias expansion capped (a
 * "billion laughs" block is an error, not gigabytes).
 */
const YAML_OPTIONS = { uniqueKeys: true, maxAliasCount: 100, prettyErrors: false } as const

/**
 * The YAML between the fences of a front matter block, and its offset in the
 * memo (after the opening `---` line).
 */
function yamlOf(frontMatter: string): { yaml: string; offset: number } {
  const closing = frontMatter.lastIndexOf('\n', frontMatter.length - 2) + 1
  return { yaml: frontMatter.slice(4, closing), offset: 4 }
}

/**
 * How deep front matter may nest, counted per line as its indentation in
 * columns plus the `- `, `? ` and `: ` indicators that open it, plus the flow
 * brackets (`[`, `{`) still open, quoted or not. Real front matter nests two
 * or three levels; the YAML parser recurses once per level, and a stack
 * overflow inside it can end the process rather than throw.
 */
export const MAX_FRONT_MATTER_NESTING = 64

/** The offset in `yaml` where nesting first passes `MAX_FRONT_MATTER_NESTING`, in one pass; undefined if it never does. */
function tooDeep(yaml: string): number | undefined {
  let flow = 0
  let lineStart = 0
  while (lineStart < yaml.length) {
    let at = lineStart
    while (yaml[at] === ' ' || yaml[at] === '\t') at++
    let block = at - lineStart
    if (block + flow > MAX_FRONT_MATTER_NESTING) return lineStart + Math.max(0, MAX_FRONT_MATTER_NESTING - flow)
    while ('-?:'.includes(yaml[at] ?? '\n') && (yaml[at + 1] === ' ' || yaml[at + 1] === '\t')) {
      if (block + 1 + flow > MAX_FRONT_MATTER_NESTING) return at
      block++
      at += 2
      while (yaml[at] === ' ' || yaml[at] === '\t') at++
    }
    const end = yaml.indexOf('\n', at) === -1 ? yaml.length : yaml.indexOf('\n', at)
    for (; at < end; at++) {
      const c = yaml[at]
      if (c === '[' || c === '{') {
        if (block + ++flow > MAX_FRONT_MATTER_NESTING) return at
      } else if ((c === ']' || c === '}') && flow > 0) flow--
    }
    lineStart = end + 1
  }
  return undefined
}

/**
 * Reads the front matter of `text` (a memo with LF line ends), or gives
 * undefined when it has none. A block that is not YAML, holds a duplicate
 * key, expands too many aliases, nests past `MAX_FRONT_MATTER_NESTING` or is
 * not a mapping of fields (`key: value` lines) is an error at its line and column in the memo (`MWP_MEMO_FRONT_MATTER`),
 * never body text: the block is out of the page either way. A block past
 * `FILE_LIMITS.frontMatterBytes` is refused before it is parsed.
 */
export function readFrontMatter(text: string, file: string): Outcome<FrontMatter | undefined> {
  const { frontMatter } = splitFrontMatter(text)
  if (frontMatter === '') return { ok: true, value: undefined, diagnostics: [] }
  const { yaml, offset } = yamlOf(frontMatter)
  const bytes = Buffer.byteLength(yaml)
  if (bytes > FILE_LIMITS.frontMatterBytes)
    return { ok: false, diagnostics: [{ ...tooLargeDiagnostic('front matter', file, bytes, FILE_LIMITS.frontMatterBytes), position: { line: 1, column: 1 } }] }

  const at = (yamlOffset: number) => textPositions(text)(offset + Math.min(Math.max(yamlOffset, 0), yaml.length))
  const fail = (message: string, yamlOffset: number, hint: string) => ({
    ok: false as const,
    diagnostics: [error('MWP_MEMO_FRONT_MATTER', message, { file, position: at(yamlOffset), hint })],
  })
  const deep = tooDeep(yaml)
  if (deep !== undefined)
    return fail(
      `the front matter nests more than ${MAX_FRONT_MATTER_NESTING} levels deep (indentation, - items and brackets)`,
      deep,
      'front matter holds a few fields; nest them less',
    )
  const document = parseDocument(yaml, YAML_OPTIONS)
  const first = document.errors[0]
  if (first) {
    // The parser turns a stack overflow on deep nesting into an error of its own; say what it means.
    const said = /call stack/i.test(first.message) ? 'it nests too deeply' : first.message.replace(/\s+/g, ' ').trim()
    return fail(
      `the front matter is not valid YAML: ${said}`,
      first.pos[0],
      'fix the YAML between the --- lines, or quote a value that holds a colon or starts with a special character',
    )
  }
  try {
    document.toJS({ maxAliasCount: YAML_OPTIONS.maxAliasCount })
  } catch {
    return fail('the front matter expands its aliases (*name) too many times', 0, 'write the values out instead of repeating aliases')
  }
  const contents = document.contents
  if (contents !== null && !(isScalar(contents) && contents.value === null) && !isMap(contents)) {
    const found = isScalar(contents) ? `a single ${typeof contents.value === 'string' ? 'string' : 'value'}` : 'a list'
    return fail(
      `the front matter holds ${found}; expected fields, one \`key: value\` per line`,
      contents.range?.[0] ?? 0,
      'write fields such as `title: Cluster sizing`, or start the memo with something other than --- if the line is a rule',
    )
  }
  return { ok: true, value: { document }, diagnostics: [] }
}

/**
 * The front matter's `title`, when it is a string: the page title. A block
 * that does not read (see `readFrontMatter`), or has no string title, gives
 * none, and the page falls back to the memo's first heading.
 */
export function frontMatterTitle(frontMatter: string): string | undefined {
  if (frontMatter === '') return undefined
  const { yaml } = yamlOf(frontMatter)
  if (Buffer.byteLength(yaml) > FILE_LIMITS.frontMatterBytes || tooDeep(yaml) !== undefined) return undefined
  const document = parseDocument(yaml, YAML_OPTIONS)
  if (document.errors.length > 0 || !isMap(document.contents)) return undefined
  const title = document.get('title')
  return typeof title === 'string' && title.trim() !== '' ? title.trim() : undefined
}
