// Bounds how deep a rendered memo's HTML can nest before it is parsed: parsing and tree walks cost more the deeper it goes.

/**
 * How deep a memo's elements may nest on the page, counted as below. Real
 * memos nest a dozen deep; markdown-it stops the builtin engine at about a
 * hundred; browsers stop nesting at 512 (Chromium's parser). parse5, which the
 * sanitizer parses with, spends time in proportion to the depth on many tags
 * (20,000 nested `<div>` took 5 s), and writing the tree back out copies each
 * level's text once per level above it.
 */
export const MAX_HTML_NESTING = 128

/** Elements that hold no content, so never deepen the tree. */
const VOID = new Set([
  'area',
  'base',
  'basefont',
  'bgsound',
  'br',
  'col',
  'embed',
  'frame',
  'hr',
  'image',
  'img',
  'input',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
])

/** Elements whose content the parser reads as text up to their own end tag (in HTML, not in SVG or MathML). */
const TEXT_CONTENT = ['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']

/** Elements whose end tag may be left out, and the start tags that close them when they are the current element (HTML's tree construction rules). */
const PARAGRAPH_CLOSERS = [
  'address',
  'article',
  'aside',
  'blockquote',
  'center',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'listing',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'search',
  'section',
  'summary',
  'table',
  'ul',
  'xmp',
]
const CLOSED_BY_START = new Map<string, ReadonlySet<string>>([
  ...PARAGRAPH_CLOSERS.map((name) => [name, new Set(['p'])] as const),
  ['li', new Set(['li', 'p'])],
  ['dt', new Set(['dt', 'dd', 'p'])],
  ['dd', new Set(['dt', 'dd', 'p'])],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['option', 'optgroup'])],
  ['td', new Set(['td', 'th'])],
  ['th', new Set(['td', 'th'])],
  ['tr', new Set(['td', 'th', 'tr'])],
  ['tbody', new Set(['td', 'th', 'tr', 'tbody', 'thead', 'tfoot'])],
  ['thead', new Set(['td', 'th', 'tr', 'tbody', 'thead', 'tfoot'])],
  ['tfoot', new Set(['td', 'th', 'tr', 'tbody', 'thead', 'tfoot'])],
  ['rb', new Set(['rb', 'rt', 'rtc', 'rp'])],
  ['rt', new Set(['rb', 'rt', 'rp'])],
  ['rp', new Set(['rb', 'rt', 'rp'])],
  ['rtc', new Set(['rb', 'rt', 'rtc', 'rp'])],
])

/**
 * Elements an end tag closes on its way to its own element: those whose end
 * tag may be left out and that do not bound a scope, plus, for the end of a
 * table or a table part, the table's cells and rows.
 */
const IMPLIED_ENDS = new Set(['p', 'li', 'dt', 'dd', 'option', 'optgroup', 'rb', 'rt', 'rtc', 'rp'])
const TABLE_PARTS = new Set([...IMPLIED_ENDS, 'td', 'th', 'tr', 'tbody', 'thead', 'tfoot', 'caption', 'colgroup'])

/**
 * Turns every start tag that would nest deeper than `maxDepth` into text
 * (its `<` becomes `&lt;`), in one pass over the string, so what reaches the
 * parser nests at most about `maxDepth` (twice that where a table leaves out
 * its rows). The count follows HTML's rules for omitted end tags, so engines'
 * well-formed HTML and hand-written HTML count as browsers nest them; where
 * raw HTML could be read two ways it counts the deeper: every `<` followed by
 * a letter is a start tag wherever it stands (in a comment, an attribute value
 * or a style sheet too), and an end tag closes only what it certainly closes,
 * and nothing inside what might be a comment or element text. Escaping a `<`
 * in an attribute value or element text changes nothing a reader sees; one
 * that starts a tag shows the tag as text, as the builtin engine shows all
 * raw HTML.
 */
export function capHtmlNesting(html: string, maxDepth = MAX_HTML_NESTING): string {
  // ASCII-only lowering keeps every offset (toLowerCase can lengthen a string).
  const lower = html.replace(/[A-Z]+/g, (s) => s.toLowerCase())
  const find = finder(lower)
  const open: string[] = []
  const parts: string[] = []
  let copied = 0
  // End tags before this offset may be text to the parser: they close nothing here.
  let endsIgnoredUntil = 0
  const ignoreEndsUntil = (end: number) => (endsIgnoredUntil = Math.max(endsIgnoredUntil, end === -1 ? lower.length : end))

  for (let at = lower.indexOf('<'); at !== -1; at = lower.indexOf('<', at + 1)) {
    const next = lower[at + 1] ?? ''
    if (lower.startsWith('<!--', at)) ignoreEndsUntil(find('-->', at + 4))
    else if (lower.startsWith('<![cdata[', at)) ignoreEndsUntil(find(']]>', at))
    else if (next === '!' || next === '?' || (next === '/' && !isLetter(lower[at + 2]))) ignoreEndsUntil(find('>', at))
    else if (next === '/') {
      if (at >= endsIgnoredUntil) closeElement(open, tagName(lower, at + 2))
    } else if (isLetter(next)) {
      const name = tagName(lower, at + 1)
      if (name === 'plaintext') ignoreEndsUntil(-1)
      else if (TEXT_CONTENT.includes(name)) ignoreEndsUntil(textEnd(find, name, at))
      if (VOID.has(name)) continue
      const closes = CLOSED_BY_START.get(name)
      while (closes && open.length > 0 && closes.has(open.at(-1)!)) open.pop()
      if (open.length < maxDepth) open.push(name)
      else {
        parts.push(html.slice(copied, at), '&lt;')
        copied = at + 1
      }
    }
  }
  return copied === 0 ? html : parts.join('') + html.slice(copied)
}

/** An end tag: closes its element if it is open with only elements it implicitly ends above it; otherwise it closes nothing. */
function closeElement(open: string[], name: string): void {
  const passes = name === 'table' || TABLE_PARTS.has(name) ? TABLE_PARTS : IMPLIED_ENDS
  let at = open.length - 1
  while (at >= 0 && open[at] !== name && passes.has(open[at]!)) at--
  if (at >= 0 && open[at] === name) open.length = at
}

function isLetter(c: string | undefined): boolean {
  return c !== undefined && c >= 'a' && c <= 'z'
}

/** The tag name starting at `from`: up to white space, `/` or `>`, as the tokenizer reads it. */
function tagName(lower: string, from: number): string {
  let end = from
  while (end < lower.length && !'\t\n\f\r />'.includes(lower[end]!)) end++
  return lower.slice(from, end)
}

/**
 * Where element text that starts at `from` may end: its own end tag, or for
 * a script with a `<!--` in it (which can hide `</script>`), the end of the page.
 */
function textEnd(find: Finder, name: string, from: number): number {
  let end = find(`</${name}`, from)
  // `</stylesheet>` does not end a style sheet: the name must end there.
  while (end !== -1 && !'\t\n\f\r />'.includes(find.text[end + 2 + name.length] ?? '>')) end = find(`</${name}`, end + 1)
  if (name === 'script') {
    const comment = find('<!--', from)
    if (comment !== -1 && (end === -1 || comment < end)) return -1
  }
  return end
}

interface Finder {
  (needle: string, from: number): number
  text: string
}

/**
 * indexOf that remembers each needle's last answer, so asking again from a
 * later offset does not search the same text again: the pass stays linear
 * however many unclosed comments or style sheets a page opens.
 */
function finder(text: string): Finder {
  const last = new Map<string, number>()
  const find = (needle: string, from: number) => {
    const known = last.get(needle)
    if (known === -1 || (known !== undefined && known >= from)) return known
    const found = text.indexOf(needle, from)
    last.set(needle, found)
    return found
  }
  return Object.assign(find, { text })
}
