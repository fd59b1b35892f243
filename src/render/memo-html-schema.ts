// What of a rendered memo's HTML the page keeps: GitHub's allowlist, less everything that loads or runs.
import type { Schema } from 'hast-util-sanitize'

/**
 * Elements dropped with everything inside them: they run or embed something
 * (script, frames, plugins, media, SVG and MathML, whose own `<a>`, `<use>`,
 * `<animate>`, `<set>` and `<style>` follow other rules), hold text that is
 * not prose (style sheets, templates, form controls), or are the document's
 * head (`<meta http-equiv>` refreshes and sets policies, `<base>` moves every
 * relative URL, `<link>` loads style sheets, icons and prefetches).
 */
export const DROPPED_WITH_CONTENT: ReadonlySet<string> = new Set([
  'script',
  'noscript',
  'template',
  'style',
  'link',
  'meta',
  'base',
  'title',
  'head',
  'iframe',
  'frame',
  'frameset',
  'noframes',
  'object',
  'embed',
  'applet',
  'param',
  'portal',
  'fencedframe',
  'audio',
  'video',
  'source',
  'track',
  'picture',
  'canvas',
  'map',
  'area',
  'svg',
  'math',
  'textarea',
  'select',
  'datalist',
  'button',
])

/**
 * The elements kept: GitHub's list (as in `hast-util-sanitize`'s default
 * schema, what GitHub shows of raw HTML in Markdown) without `img`,
 * `picture` and `source`, which load images, plus the table and figure
 * parts pandoc writes. Any other element is replaced by its content.
 * `input` is kept only as the disabled checkbox of a task list.
 */
const TAG_NAMES = [
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'div', 'section', 'blockquote', 'pre', 'hr', 'br'],
  ...['ul', 'ol', 'li', 'dl', 'dt', 'dd', 'details', 'summary', 'figure', 'figcaption'],
  ...['table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td'],
  ...['a', 'b', 'strong', 'i', 'em', 'code', 'kbd', 'samp', 'var', 'tt', 'sub', 'sup', 's', 'strike', 'del', 'ins', 'q', 'span'],
  ...['abbr', 'cite', 'dfn', 'mark', 'small', 'u', 'ruby', 'rt', 'rp', 'wbr', 'input'],
]

/** The one class kept: a code block's language, as markdown-it and GitHub write it. */
export const LANGUAGE_CLASS = /^language-[\w+#.-]{1,64}$/

/** `data-source-line`, the memo line markdown-it labels each block with. */
const SOURCE_LINE: [string, RegExp] = ['dataSourceLine', /^\d{1,9}$/]

/**
 * The rules, applied by `hast-util-sanitize` to a tree parsed as browsers
 * parse (parse5). Attributes are allowed by name, never by pattern: no `on*`
 * handler, `style` only as a table cell's alignment or a column's width, no
 * `src`, `srcset`, `action`, `formaction`, `data`, `poster`, `background` or
 * `xlink:href`. Links keep `href` only when it is relative or http, https or
 * mailto; the check reads the value after the parser decoded its character
 * references, so `jav&#x09;ascript:` is the unknown scheme `jav\tascript`
 * and goes. `id` is kept unprefixed (pandoc's heading anchors and footnotes
 * link to them): the page runs no script, so an id has nothing to clobber.
 */
export const MEMO_HTML_SCHEMA: Schema = {
  tagNames: TAG_NAMES,
  attributes: {
    '*': ['id', 'title', 'lang', 'dir', 'align', 'ariaLabel', 'ariaHidden', 'role', SOURCE_LINE],
    a: ['href'],
    blockquote: ['cite'],
    q: ['cite'],
    del: ['cite', 'dateTime'],
    ins: ['cite', 'dateTime'],
    code: [['className', LANGUAGE_CLASS]],
    ol: ['start', 'reversed', ['type', '1', 'a', 'A', 'i', 'I']],
    li: ['value'],
    details: ['open'],
    abbr: ['title'],
    th: ['colSpan', 'rowSpan', 'scope', 'headers', ['style', /^text-align: ?(left|right|center);?$/]],
    td: ['colSpan', 'rowSpan', 'headers', ['style', /^text-align: ?(left|right|center);?$/]],
    col: ['span', ['style', /^width: ?\d{1,3}(\.\d{1,6})?%;?$/]],
    colgroup: ['span'],
    input: [['type', 'checkbox'], ['disabled', true], 'checked'],
  },
  required: { input: { type: 'checkbox', disabled: true } },
  protocols: { href: ['http', 'https', 'mailto'], cite: ['http', 'https'] },
  ancestors: {
    thead: ['table'],
    tbody: ['table'],
    tfoot: ['table'],
    tr: ['table'],
    th: ['table'],
    td: ['table'],
    caption: ['table'],
    colgroup: ['table'],
    col: ['table'],
  },
  clobber: [],
  clobberPrefix: '',
  strip: [...DROPPED_WITH_CONTENT],
  allowComments: false,
  allowDoctypes: false,
}

/** Whether the schema keeps an element of this name (otherwise its content takes its place). */
export const keepsElement = (tagName: string): boolean => TAG_NAMES_SET.has(tagName)
const TAG_NAMES_SET = new Set(TAG_NAMES)
