// Renders a built memo as one self-contained, printable HTML page: memo.html and the plugin's ?html.
import { decode } from '@jridgewell/sourcemap-codec'
import MarkdownIt from 'markdown-it'
import type { ClusterReport } from '../cluster/size-cluster.js'
import type { Manifest } from '../manifest/build-manifest.js'
import { TOOL } from '../version.js'
import { frontMatterTitle, splitFrontMatter } from '../memo/front-matter.js'
import { escapeHtml } from './escape-html.js'
import { PAGE_CSS } from './page-css.js'
import { sanitizeMemoHtml } from './sanitize-memo-html.js'
import { sizingPanel } from './sizing-panel.js'

/**
 * The page's Content-Security-Policy, a second wall behind the sanitizer:
 * no script, no plugin, no frame, nothing loaded from anywhere (the page's
 * style is inline, its charts inline SVG), no `<base>`, no form submission.
 * A policy cannot stop a navigation; the sanitizer removes what starts one.
 */
export const PAGE_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

export interface RenderInput {
  /** The bundle's memo.md. */
  markdown: string
  report: ClusterReport | undefined
  manifest: Manifest
  /** Source map from memo.md to the memo as written, to label blocks with the author's line numbers. */
  markdownMap?: string | undefined
  /**
   * Markdown to an HTML fragment. The default is markdown-it (CommonMark plus
   * tables) with raw HTML escaped; the CLI passes pandoc when asked. Whatever
   * it returns is sanitized before it is written into the page.
   */
  engine?: (markdown: string) => string
}

/**
 * The page: the memo, a "sizing at a glance" panel with the key numbers and
 * the power-breakdown chart after its title, and a footer naming the inputs by
 * hash. Every engine's HTML goes through `sanitizeMemoHtml` (nothing that
 * runs, loads or navigates survives), and a Content-Security-Policy forbids
 * script and every load as well. No date: the same memo gives the same bytes.
 */
export function renderMemoPage(input: RenderInput): string {
  // Front matter is metadata: kept in memo.md, out of the page body; its title titles the page.
  const { frontMatter, body: bodyMarkdown, lines: frontMatterLines } = splitFrontMatter(input.markdown)
  const toAuthor = sourceLines(input.markdownMap)
  const body = sanitizeMemoHtml((input.engine ?? markdownItEngine((line) => toAuthor(line + frontMatterLines)))(bodyMarkdown))
  const panel = input.report ? sizingPanel(input.report) : ''
  // The panel goes after the memo's title when it has one, else first.
  const titleEnd = body.indexOf('</h1>')
  const main = titleEnd === -1 ? panel + body : body.slice(0, titleEnd + 5) + '\n' + panel + body.slice(titleEnd + 5)
  const title = frontMatterTitle(frontMatter) ?? firstHeading(bodyMarkdown) ?? input.manifest.name
  const { memo, config } = input.manifest.inputs
  const made = `${escapeHtml(memo.path)} (sha256 ${memo.sha256.slice(0, 12)})${config ? ` and ${escapeHtml(config.path)} (sha256 ${config.sha256.slice(0, 12)})` : ''}`
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="${PAGE_CONTENT_SECURITY_POLICY}">`,
    `<meta name="generator" content="${TOOL.name} ${TOOL.version}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${PAGE_CSS}</style>`,
    '</head>',
    '<body>',
    `<main class="memo">\n${main}</main>`,
    `<footer>Built by ${TOOL.name} ${TOOL.version} from ${made}. Every figure in the sizing panel${input.report ? ' and every live number in the text' : ''} comes from cluster_report.json.</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

/** The text of the memo's first level-one heading, for the page title. */
function firstHeading(markdown: string): string | undefined {
  const md = new MarkdownIt('commonmark')
  const tokens = md.parse(markdown, {})
  const open = tokens.findIndex((t) => t.type === 'heading_open' && t.tag === 'h1')
  const inline = open === -1 ? undefined : tokens[open + 1]
  return (
    inline?.children
      ?.filter((c) => c.type === 'text' || c.type === 'code_inline')
      .map((c) => c.content)
      .join('') || undefined
  )
}

/**
 * CommonMark with GitHub-style tables (what `{{ table ... }}` writes), raw
 * HTML escaped rather than passed through, links checked by markdown-it's
 * `validateLink` (no javascript:), and each block labelled with the line of
 * the memo as written (`data-source-line`), so a reviewer can cite it.
 */
export function markdownItEngine(lineOf: (line: number) => number = (line) => line): (markdown: string) => string {
  const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false })
  md.core.ruler.push('mwpack_source_lines', (state) => {
    for (const token of state.tokens) {
      if (token.map && token.level === 0 && token.nesting !== -1 && token.block) token.attrSet('data-source-line', String(lineOf(token.map[0] + 1)))
    }
  })
  return (markdown) => md.render(markdown)
}

/** memo.md line (1-based) to the line of the memo as written, through the source map when there is one. */
function sourceLines(map: string | undefined): (line: number) => number {
  if (!map) return (line) => line
  const lines = decode((JSON.parse(map) as { mappings: string }).mappings)
  return (line) => {
    const segment = lines[line - 1]?.find((s) => s.length >= 4)
    return segment ? (segment[2] as number) + 1 : line
  }
}
