import v8 from 'node:v8'
import vm from 'node:vm'
import { readFileSync } from 'node:fs'
import { fromParse5 } from 'hast-util-from-parse5'
import { toHtml } from 'hast-util-to-html'
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5'
import { describe, expect, it } from 'vitest'
import { capHtmlNesting } from '../../src/render/cap-html-nesting.js'
import { sanitizeMemoHtml } from '../../src/render/sanitize-memo-html.js'
import { ROOT } from '../helpers/cli.js'
import { xssVectors } from '../helpers/xss-vectors.js'

type Node = DefaultTreeAdapterMap['node']
type ParentNode = DefaultTreeAdapterMap['parentNode']

const ORIGIN = 'http://127.0.0.1:9'

/** Elements that run, embed, load, submit or restyle something: none may reach the page from a memo. */
const FORBIDDEN_ELEMENTS = new Set(
  'script style link meta base iframe frame frameset object embed applet param portal form button select textarea template noscript svg math img image picture source video audio track bgsound canvas map area isindex marquee'.split(
    ' ',
  ),
)
/** Attributes that load or submit something (or would, on some element). */
const LOADING_ATTRIBUTES = new Set(
  'src srcset srcdoc action formaction data poster background dynsrc lowsrc codebase archive ping xlink:href longdesc usemap manifest icon profile classid'.split(
    ' ',
  ),
)

/**
 * What in `html` could run, load or navigate, judged independently of the
 * sanitizer: the HTML is parsed as the browser will parse the page (parse5,
 * scripting on) and every element and attribute is looked at. URLs are read
 * as a browser reads them: surrounding control characters and spaces
 * stripped, tabs and newlines removed, the scheme case-folded.
 */
function dangers(html: string): string[] {
  const found: string[] = []
  const stack: Node[] = [parseFragment(html, { scriptingEnabled: true })]
  while (stack.length > 0) {
    const node = stack.pop()!
    if ('tagName' in node) {
      if (FORBIDDEN_ELEMENTS.has(node.tagName)) found.push(`<${node.tagName}>`)
      if (node.namespaceURI !== 'http://www.w3.org/1999/xhtml') found.push(`foreign <${node.tagName}>`)
      if (node.tagName === 'input' && node.attrs.find((a) => a.name === 'type')?.value !== 'checkbox') found.push('a non-checkbox input')
      for (const { name: local, prefix, value } of node.attrs) {
        const name = prefix ? `${prefix}:${local}` : local
        if (name.startsWith('on')) found.push(`handler ${name}`)
        if (LOADING_ATTRIBUTES.has(name) || name.includes(':')) found.push(`attribute ${name}`)
        if (name === 'style' && !/^(text-align: ?(left|right|center)|width: ?[\d.]+%);?$/.test(value)) found.push(`style "${value}"`)
        if (name === 'href' || name === 'cite') {
          // eslint-disable-next-line no-control-regex
          const url = value.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '')
          const scheme = /^([a-z][a-z\d+.-]*):/i.exec(url)?.[1]?.toLowerCase()
          if (scheme !== undefined && !['http', 'https', 'mailto'].includes(scheme)) found.push(`${name} scheme ${scheme}:`)
        }
      }
    }
    if ('childNodes' in node) for (const child of (node as ParentNode).childNodes) stack.push(child)
    if ('content' in node) stack.push(node.content as Node)
  }
  return found
}

/** The HTML as a browser would write it back after parsing it: a sanitizer's output must be a fixed point. */
const reparsed = (html: string) => toHtml(fromParse5(parseFragment(html, { scriptingEnabled: true })), { characterReferences: { useNamedReferences: true } })

describe('the memo sanitizer, over a corpus of known attacks', () => {
  const vectors = xssVectors(ORIGIN).filter((v) => !v.markdown)

  it.each(vectors.map((v) => [v.name, v.text]))('leaves nothing that runs, loads or navigates: %s', (_, text) => {
    const clean = sanitizeMemoHtml(text)
    expect(dangers(clean)).toEqual([])
    expect(clean).not.toContain(ORIGIN.slice('http://'.length))
    // What the browser builds from the output is what the sanitizer kept, and cleaning again changes nothing.
    expect(reparsed(clean)).toBe(clean)
    expect(sanitizeMemoHtml(clean)).toBe(clean)
  })

  it('is not fooled by the whole corpus in one document', () => {
    const all = vectors.map((v) => v.text).join('\n')
    const clean = sanitizeMemoHtml(all)
    expect(dangers(clean)).toEqual([])
    expect(reparsed(clean)).toBe(clean)
  })

  it('would catch each kind of danger it looks for (the checker itself works)', () => {
    expect(dangers(`<script>x</script><img src=a><p onclick=x style="color:red"><a href=" JAVA\tSCRIPT:x">`).sort()).toEqual([
      '<img>',
      '<script>',
      'attribute src',
      'handler onclick',
      'href scheme javascript:',
      'style "color:red"',
    ])
    expect(dangers('<svg><a xlink:href=x></a></svg>').sort()).toEqual(['<svg>', 'attribute xlink:href', 'foreign <a>', 'foreign <svg>'])
  })
})

describe('the memo sanitizer keeps what memos are made of', () => {
  it('keeps prose, headings, lists, quotes and code, with the lines the page labels them with', () => {
    const html =
      '<h2 id="power" data-source-line="3">Power</h2>\n<p data-source-line="5">A <strong>b</strong> <em>c</em> <code>d</code> <del>e</del> <sup>1</sup></p>\n<blockquote><ul><li>x</li></ul><ol start="3"><li>y</li></ol></blockquote>\n<pre><code class="language-json">{ "a": 1 &lt; 2 }</code></pre>\n<hr>'
    expect(sanitizeMemoHtml(html)).toBe(html)
  })

  it('keeps tables with their column alignment', () => {
    const html = '<table><thead><tr><th style="text-align: right;">n</th></tr></thead><tbody><tr><td style="text-align:right">451</td></tr></tbody></table>'
    expect(sanitizeMemoHtml(html)).toBe(html)
  })

  it('keeps links that are relative, fragments, http, https or mailto', () => {
    const html =
      '<p><a href="other.md">a</a> <a href="#power">b</a> <a href="https://example.com/?q=1&amp;r=2">c</a> <a href="mailto:ops@example.com">d</a></p>'
    expect(sanitizeMemoHtml(html)).toBe(html)
  })

  it('keeps details, footnote anchors and a task list’s checkboxes', () => {
    const html =
      '<details open><summary>More</summary><p>x<a href="#fn1" id="fnref1">1</a></p></details><ul><li><input type="checkbox" checked disabled> done</li></ul>'
    expect(sanitizeMemoHtml(html)).toBe(html)
  })

  it('shows an image as its alt text, since the page loads nothing', () => {
    expect(sanitizeMemoHtml('<p><img src="rack.png" alt="Rack layout"> and <img src="x.png"></p>')).toBe('<p>[image: Rack layout] and [image]</p>')
  })

  it('keeps the text of elements it does not keep, and drops the text of those that are not prose', () => {
    expect(sanitizeMemoHtml('<center><font color=red>loud</font></center><style>p{}</style><script>x</script>')).toBe('loud')
  })

  it('drops comments and label classes it does not know', () => {
    expect(sanitizeMemoHtml('<p class="lead">a<!-- note --></p><code class="sourceCode">b</code>')).toBe('<p>a</p><code>b</code>')
  })
})

describe('deeply nested HTML', () => {
  v8.setFlagsFromString('--expose-gc')
  const collectGarbage = vm.runInNewContext('gc') as () => void
  const cpu = (run: () => void) => {
    collectGarbage()
    const start = process.cpuUsage()
    run()
    const used = process.cpuUsage(start)
    return used.user + used.system
  }

  it('nests at most 128 elements deep; deeper tags show as text', () => {
    const clean = sanitizeMemoHtml('<div>'.repeat(200) + 'deep')
    expect(clean.match(/<div>/g)).toHaveLength(128)
    expect(clean).toContain('&lt;div>'.repeat(72) + 'deep')
  })

  it('sanitizes 26,000 nested elements (a 128 KiB memo of them) without running out of stack', () => {
    for (const open of ['<div>', '<ul><li>', '<table><tr><td>', '<b><i>', '<div/>', '<option><div>'])
      expect(() => sanitizeMemoHtml(open.repeat(130_000 / open.length))).not.toThrow()
  })

  it('takes well under 20x the time for 10x the nesting', () => {
    const one = '<ul><li>'.repeat(1600)
    const ten = '<ul><li>'.repeat(16000)
    cpu(() => sanitizeMemoHtml(one))
    let small = Infinity
    let large = Infinity
    for (let round = 0; round < 3; round++) {
      small = Math.min(
        small,
        cpu(() => sanitizeMemoHtml(one)),
      )
      large = Math.min(
        large,
        cpu(() => sanitizeMemoHtml(ten)),
      )
    }
    console.log(`sanitize nested lists, CPU time: 1x ${(small / 1000).toFixed(0)} ms, 10x ${(large / 1000).toFixed(0)} ms, ratio ${(large / small).toFixed(1)}`)
    expect(large / small).toBeLessThan(20)
  })

  it('never counts shallower than the browser nests, whatever comments, element text or foreign content hide', () => {
    // Each pattern tries to close in the counter what stays open in the parser.
    const tricks = [
      '<div><!--</div>-->',
      '<div><!-- --!></div> -->',
      '<div><?</div>',
      '<div></ </div>',
      '<div><style></div></style>',
      '<div><textarea></div></textarea>',
      '<div><script><!--<script></div></script></div></script>',
      '<svg><style></div></style></svg><div>',
      '<div><![CDATA[</div>]]>',
      '<div><title></div></title>',
      '<div><noscript></div></noscript>',
      '<div><a title="</div>">',
      '<div><table></div>',
      '<p><div></p>',
      '<li><div></li>',
      '<div><li></div>',
    ]
    for (const trick of tricks) {
      const capped = capHtmlNesting(trick.repeat(400), 16)
      expect(depth(parseFragment(capped, { scriptingEnabled: true })), trick).toBeLessThanOrEqual(2 * 16 + 4)
    }
  })

  it('spreads no array into a call (a long enough one overflows the stack)', () => {
    for (const file of ['render/sanitize-memo-html.ts', 'render/cap-html-nesting.ts', 'render/render-page.ts', 'render/line-chart.ts'])
      expect(readFileSync(`${ROOT}/src/${file}`, 'utf8'), file).not.toMatch(/\b(?:push|unshift|max|min|fromCharCode|fromCodePoint|apply|splice|concat)\(\.\.\./)
  })
})

/** The deepest element of a parsed tree, counted iteratively. */
function depth(root: ParentNode): number {
  let deepest = 0
  const stack: Array<[Node, number]> = [[root, 0]]
  while (stack.length > 0) {
    const [node, level] = stack.pop()!
    deepest = Math.max(deepest, level)
    if ('childNodes' in node) for (const child of (node as ParentNode).childNodes) stack.push([child, level + 1])
    if ('content' in node) stack.push([node.content as Node, level])
  }
  return deepest
}
