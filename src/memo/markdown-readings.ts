// The two readings a memo must keep: CommonMark (commonmark.js, its reference) and GitHub-flavoured Markdown (markdown-it).
import { HtmlRenderer, Parser, type Node } from 'commonmark'
import MarkdownIt from 'markdown-it'

export type { Node as CommonMarkNode } from 'commonmark'

/** One markdown-it token. */
export type GfmToken = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number]

const commonMarkParser = new Parser()
const commonMarkRenderer = new HtmlRenderer()

/** The CommonMark tree of a text (commonmark.js: blocks carry line and column, inline nodes do not). */
export function parseCommonMark(text: string): Node {
  return commonMarkParser.parse(text)
}

/** The HTML the CommonMark reference implementation gives for a tree. */
export function renderCommonMarkTree(document: Node): string {
  return commonMarkRenderer.render(document)
}

/**
 * GitHub-flavoured Markdown as read at run time: markdown-it with GFM's
 * tables, strikethrough and autolinked URLs, raw HTML parsed as HTML (as
 * GitHub parses it before filtering). Linear in the text, unlike micromark on
 * nested containers; the tests hold its decisions to micromark's GFM, the
 * reading closest to GitHub's (docs/architecture.md, "Memos").
 */
const gfm = new MarkdownIt('default', { html: true, linkify: true, typographer: false })

/** The markdown-it tokens of a text: blocks carry `map` (0-based lines, end exclusive); inline tokens are the children of `inline`. */
export function parseGfm(text: string): GfmToken[] {
  return gfm.parse(text, {})
}

/** The HTML of GFM tokens (raw HTML kept: this compares documents, it never makes a page). */
export function renderGfmTokens(tokens: GfmToken[]): string {
  return gfm.renderer.render(tokens, gfm.options, {})
}

/**
 * Whether GFM's linkify may find a URL or an e-mail address in a word: any
 * `://` (markdown-it links a scheme and `://` whatever stands before the
 * scheme, where linkify-it alone wants a boundary), or what linkify-it finds.
 */
export function mayAutolink(text: string): boolean {
  return text.includes('://') || gfm.linkify.test(text)
}
