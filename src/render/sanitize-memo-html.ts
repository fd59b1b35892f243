// The one gate every engine's HTML passes before it is written into the page: nothing that runs, loads or navigates.
import type { Element, ElementContent, Root } from 'hast'
import { fromParse5 } from 'hast-util-from-parse5'
import { sanitize } from 'hast-util-sanitize'
import { toHtml } from 'hast-util-to-html'
import { parseFragment } from 'parse5'
import { capHtmlNesting } from './cap-html-nesting.js'
import { DROPPED_WITH_CONTENT, LANGUAGE_CLASS, MEMO_HTML_SCHEMA, keepsElement } from './memo-html-schema.js'

/**
 * A rendered memo's HTML (markdown-it's, pandoc's, any engine's) reduced to
 * what `MEMO_HTML_SCHEMA` keeps: prose, headings, lists, tables, code, links.
 * It is parsed as a browser parses it (parse5, the WHATWG algorithm), so the
 * sanitizer judges the tree a browser would build, not a guess at it; the
 * cleaned tree is written back with every `<` and `&` of text escaped, and
 * holds no element that a second parse would read differently (no raw-text,
 * template, SVG or MathML element is kept).
 *
 * Images become their alt text in brackets (`[image: rack layout]`): the
 * page loads nothing, and an image's bytes are not part of a memo. Comments
 * go. The result depends only on the input: the same HTML gives the same
 * bytes on every platform.
 */
export function sanitizeMemoHtml(html: string): string {
  // As the browser showing the page parses it: scripting on (a <noscript> holds text), no positions kept.
  const tree = fromParse5(parseFragment(capHtmlNesting(html), { scriptingEnabled: true, sourceCodeLocationInfo: false })) as Root
  settle(tree)
  return toHtml(sanitize(tree, MEMO_HTML_SCHEMA), { characterReferences: { useNamedReferences: true } })
}

/**
 * Replaces images by their alt text, drops the elements that go with their
 * content, and puts the content of every other element the schema does not
 * keep in its place, in one walk. The sanitizer would do the last itself, but
 * by spreading the content into a call, which a long enough list overflows.
 */
function settle(parent: Root | Element): void {
  const kept: ElementContent[] = []
  for (const child of parent.children) {
    if (child.type !== 'element') {
      if (child.type !== 'comment' && child.type !== 'doctype') kept.push(child)
      continue
    }
    if (child.tagName === 'img') {
      kept.push({ type: 'text', value: imageText(child) })
      continue
    }
    // An input is kept only as a task list's checkbox: an image button or a text field would show as a stray box.
    if (DROPPED_WITH_CONTENT.has(child.tagName) || (child.tagName === 'input' && child.properties.type !== 'checkbox')) continue
    settle(child)
    // Classes other than a code block's language go here, not in the sanitizer, which would leave `class=""`.
    const classes =
      child.tagName === 'code' && Array.isArray(child.properties.className) ? child.properties.className.filter((c) => LANGUAGE_CLASS.test(String(c))) : []
    if (classes.length > 0) child.properties.className = classes
    else delete child.properties.className
    if (keepsElement(child.tagName)) kept.push(child)
    else for (const grandchild of child.children) kept.push(grandchild)
  }
  parent.children = kept
}

function imageText(img: Element): string {
  const alt = typeof img.properties.alt === 'string' ? img.properties.alt.trim() : ''
  return alt ? `[image: ${alt}]` : '[image]'
}
