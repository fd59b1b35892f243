// The renderers memo normalization must keep: CommonMark's reference (commonmark.js), GFM (micromark) and the page's markdown-it.
import * as commonmark from 'commonmark'
import MarkdownIt from 'markdown-it'
import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'

/** CommonMark as its reference implementation renders it. */
export const renderCommonMark = (markdown: string) => new commonmark.HtmlRenderer().render(new commonmark.Parser().parse(markdown))

/** GitHub-flavoured Markdown as micromark with its GFM extension renders it (raw HTML kept, so a change inside it shows). */
export const renderGfm = (markdown: string) => micromark(markdown, GFM_OPTIONS)
const GFM_OPTIONS = { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true, allowDangerousProtocol: true }

const markdownItCommonMark = MarkdownIt('commonmark')
/** markdown-it as the CommonMark preset renders it. */
export const renderMarkdownIt = (markdown: string) => markdownItCommonMark.render(markdown)

const markdownItGfm = MarkdownIt('default', { html: true, linkify: true })
/** markdown-it with tables, strikethrough and linkified URLs: what VitePress starts from. */
export const renderMarkdownItGfm = (markdown: string) => markdownItGfm.render(markdown)
