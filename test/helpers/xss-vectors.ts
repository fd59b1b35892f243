// Hostile HTML and Markdown for the sanitizer and the page: script, handlers, script URLs, remote loads, navigation, parser tricks.

/**
 * One attack: raw HTML as a memo might carry it (pandoc passes raw HTML
 * through) or a Markdown construct every engine renders. `origin` is a
 * recording server's address: anything loaded or navigated to from it is a
 * request the tests see. Script payloads call `alert` (a dialog) or set
 * `window.__pwned` (a global), so running them is seen too.
 */
export interface Vector {
  name: string
  text: string
  /** Markdown rather than HTML: only goes into memos, never straight to the sanitizer. */
  markdown?: true
  /** Swallows what follows it in the same document (an unclosed text element): put last. */
  swallows?: true
}

const JS_ENTITIES_DECIMAL = [...'javascript:alert(1)'].map((c) => `&#${c.charCodeAt(0)};`).join('')
const JS_ENTITIES_PADDED = [...'javascript:alert(1)'].map((c) => `&#${String(c.charCodeAt(0)).padStart(7, '0')}`).join('')
const JS_ENTITIES_HEX = [...'javascript:alert(1)'].map((c) => `&#x${c.charCodeAt(0).toString(16)}`).join('')
const SCRIPT_PAGE_BASE64 = Buffer.from('<script>alert(1)</script>').toString('base64')
const SVG_SCRIPT_BASE64 = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" id="x"><script>alert(1)</script></svg>').toString('base64')

export function xssVectors(origin: string): Vector[] {
  const list: Array<[string, string, Partial<Vector>?]> = [
    // Script elements, plain and disguised.
    ['script', `<script>window.__pwned = 'script'; alert(1)</script>`],
    ['remote script', `<SCRIPT SRC=${origin}/xss.js></SCRIPT>`],
    ['script with a slash for a space', `<SCRIPT/XSS SRC="${origin}/slash.js"></SCRIPT>`],
    ['extra open bracket', `<<SCRIPT>alert("XSS");//\\<</SCRIPT>`],
    ['script without its end tag', `<SCRIPT SRC=${origin}/noend.js?< B >`, { swallows: true }],
    ['script in a comment inside a script', `<script>/*</script><img src=x onerror="alert(1)">*/</script>`],
    ['script in SVG', `<svg><script>alert(1)</script></svg>`],
    ['remote script in SVG', `<svg><script href="${origin}/svg.js"/></svg>`],
    // Event handlers, including ones that fire without a click.
    ['img onerror', `<IMG SRC=x onerror="window.__pwned = 'onerror'">`],
    ['img onerror without quotes or spaces', `<img/src/onerror=alert(1)>`],
    ['img onerror with an entity payload', `<img src=x onerror=&#x61;lert(1)>`],
    ['image tag (the parser makes it img)', `<image src=${origin}/image-tag.png onerror=alert(1)>`],
    ['broken quotes', `<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>`],
    ['svg onload', `<svg onload=alert(1)>`],
    ['svg/onload', `<svg/onload=alert(1)>`],
    ['body onload', `<BODY ONLOAD=alert('XSS')>`],
    ['svg animate onbegin', `<svg><animate onbegin="window.__pwned = 'onbegin'" attributeName="x" dur="1s"/></svg>`],
    ['svg set onbegin', `<svg><set onbegin=alert(1) attributeName=x to=y /></svg>`],
    ['animation start handler', `<style>@keyframes x{}</style><p style="animation-name:x" onanimationstart="window.__pwned = 'animation'">a</p>`],
    ['body onpageshow', `<body onpageshow="window.__pwned = 'pageshow'">`],
    ['MathML element handlers', `<math><mi tabindex=1 autofocus onfocus="window.__pwned = 'math'" onmouseover=alert(1)>x</mi></math>`],
    ['MathML maction link', `<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">CLICK<mtext>x</mtext></maction></math>`],
    ['handler and link inline in prose', `Text with <img src=x onerror="window.__pwned = 'inline'"> and <a href="javascript:alert(1)">a link</a> inline.`],
    ['remote image inline in prose', `Text with <img src="${origin}/inline-prose.png" alt="inline"> inline.`],
    ['details ontoggle', `<details open ontoggle="window.__pwned = 'ontoggle'"><summary>s</summary>d</details>`],
    ['input autofocus onfocus', `<input autofocus onfocus="alert(1)">`],
    ['contenteditable autofocus onfocus', `<div contenteditable autofocus onfocus="alert(1)">x</div>`],
    ['select autofocus onfocus', `<select autofocus onfocus=alert(1)><option>x</option></select>`],
    ['textarea autofocus onfocus', `<textarea autofocus onfocus=alert(1)>x</textarea>`],
    ['video source onerror', `<video><source onerror="alert(1)"></video>`],
    ['audio onerror', `<audio src=x onerror=alert(1)></audio>`],
    ['marquee onstart', `<marquee onstart=alert(1)>x</marquee>`],
    ['style onload', `<style onload=alert(1)></style>`],
    ['iframe onload', `<iframe onload=alert(1)></iframe>`],
    ['object onerror', `<object data=x onerror=alert(1)></object>`],
    ['onmouseover', `<p onmouseover="alert(1)" onclick="alert(1)">hover</p>`],
    ['quote breaking out of an attribute', `<a title='x'onmouseover=alert(1)>q</a>`],
    ['attribute value hiding a tag', `<a title="&quot;><script>alert(1)</script>">t</a>`],
    // Script and data URLs, encoded and obfuscated.
    ['javascript: link', `<a href="javascript:window.__pwned='link'">j</a>`],
    ['javascript: in mixed case', `<a href="JaVaScRiPt:alert(1)">j</a>`],
    ['javascript: with leading spaces', `<a href="  javascript:alert(1)">j</a>`],
    ['javascript: with a leading control character', `<a href="&#1;javascript:alert(1)">j</a>`],
    ['javascript: with a tab inside', `<a href="jav\tascript:alert(1)">j</a>`],
    ['javascript: with an encoded tab', `<a href="jav&#x09;ascript:alert(1)">j</a>`],
    ['javascript: with an encoded newline', `<a href="jav&#x0A;ascript:alert(1)">j</a>`],
    ['javascript: with an encoded carriage return', `<a href="jav&#x0D;ascript:alert(1)">j</a>`],
    ['javascript: with &colon;', `<a href="javascript&colon;alert(1)">j</a>`],
    ['javascript: in decimal entities', `<a href="${JS_ENTITIES_DECIMAL}">j</a>`],
    ['javascript: in padded decimal entities', `<a href=${JS_ENTITIES_PADDED}>j</a>`],
    ['javascript: in hex entities', `<a href=${JS_ENTITIES_HEX}>j</a>`],
    ['javascript: img src', `<IMG SRC="javascript:alert('XSS');">`],
    ['javascript: with spaces and an entity before it', `<IMG SRC=" &#14;  javascript:alert('XSS');">`],
    ['vbscript: with an entity inside', `<a href="vb&#115;cript:msgbox(1)">v</a>`],
    ['data: with a leading space', `<a href=" data:text/html,<script>alert(1)</script>">d</a>`],
    ['iframe javascript: src', `<iframe src="javascript:window.__pwned='iframe'"></iframe>`],
    ['embed javascript: src', `<embed src="javascript:alert(1)">`],
    ['object with a scriptlet type', `<object type="text/x-scriptlet" data="${origin}/scriptlet"></object>`],
    ['vbscript: link', `<a href="vbscript:msgbox(1)">v</a>`],
    ['data: HTML link', `<a href="data:text/html;base64,${SCRIPT_PAGE_BASE64}">d</a>`],
    ['data: HTML object', `<object data="data:text/html;base64,${SCRIPT_PAGE_BASE64}"></object>`],
    ['data: HTML iframe', `<iframe src="data:text/html;base64,${SCRIPT_PAGE_BASE64}"></iframe>`],
    ['iframe srcdoc', `<iframe srcdoc="<script>alert(1)</script>"></iframe>`],
    ['form action javascript:', `<form action="javascript:alert(1)"><input type=submit value=go></form>`],
    ['button formaction', `<form><button formaction="javascript:alert(1)">go</button></form>`],
    ['input formaction', `<input type="submit" formaction="${origin}/formaction" value="go">`],
    ['isindex', `<isindex type=image src=1 onerror=alert(1)>`],
    ['MathML href', `<math href="javascript:alert(1)">CLICKME</math>`],
    ['SVG a xlink:href', `<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>`],
    ['SVG a href', `<svg><a href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>`],
    ['SVG animate sets href', `<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text x="20" y="20">Click</text></a></svg>`],
    ['SVG set adds a handler', `<svg><set attributeName="onmouseover" to="alert(1)"/><set attributeName="href" to="javascript:alert(1)"/></svg>`],
    ['SVG use remote', `<svg><use href="${origin}/use.svg#x"/><use xlink:href="data:image/svg+xml;base64,${SVG_SCRIPT_BASE64}#x"/></svg>`],
    ['SVG image', `<svg><image href="${origin}/svg-image.png"/><feImage href="${origin}/fe-image.png"/></svg>`],
    ['SVG foreignObject', `<svg><foreignObject><iframe src="${origin}/foreign"></iframe></foreignObject></svg>`],
    // Remote loads: images, style sheets, fonts, media, frames, plugins.
    ['remote img', `<img src="${origin}/img.png" alt="remote image">`],
    ['img srcset', `<img srcset="${origin}/srcset.png 1x, ${origin}/srcset2.png 2x">`],
    ['lazy img', `<img src="${origin}/lazy.png" loading="lazy">`],
    ['dynsrc and lowsrc', `<IMG DYNSRC="${origin}/dynsrc" LOWSRC="${origin}/lowsrc">`],
    ['picture source', `<picture><source srcset="${origin}/picture.png"><img alt="p"></picture>`],
    ['input image', `<input type="image" src="${origin}/input.png">`],
    ['table background', `<table background="${origin}/table.png"><tr><td background="${origin}/td.png">c</td></tr></table>`],
    ['body background', `<body background="${origin}/body.png">`],
    ['video with poster', `<video src="${origin}/video.mp4" poster="${origin}/poster.png" autoplay></video>`],
    ['audio autoplay', `<audio src="${origin}/audio.mp3" autoplay></audio>`],
    ['track', `<video><track src="${origin}/track.vtt"></video>`],
    ['bgsound', `<bgsound src="${origin}/bgsound.mid">`],
    ['iframe', `<iframe src="${origin}/iframe"></iframe>`],
    ['frameset', `<frameset><frame src="${origin}/frame"></frameset>`],
    ['object', `<object data="${origin}/object"></object>`],
    ['embed', `<embed src="${origin}/embed">`],
    ['applet', `<applet code="x" codebase="${origin}/applet"></applet>`],
    ['portal', `<portal src="${origin}/portal"></portal>`],
    ['link stylesheet', `<link rel="stylesheet" href="${origin}/style.css">`],
    ['link prefetch and preload', `<link rel="prefetch" href="${origin}/prefetch"><link rel="preload" as="image" href="${origin}/preload.png">`],
    ['link icon', `<link rel="icon" href="${origin}/icon.png">`],
    ['style @import', `<style>@import url("${origin}/import.css");</style>`],
    ['style @import without url()', `<style>@import '${origin}/import2.css';</style>`],
    ['style background url()', `<style>body { background: url(${origin}/style-bg.png) }</style>`],
    ['style @font-face', `<style>@font-face { font-family: x; src: url(${origin}/font.woff) } p { font-family: x }</style>`],
    ['style selecting an id', `<div id="styled">s</div><style>#styled { background-image: url('${origin}/by-id.png') }</style>`],
    ['inline style url()', `<p style="background-image: url(${origin}/inline.png)">s</p>`],
    ['inline style url() in entities', `<p style="background: url(&quot;${origin}/inline-entities.png&quot;)">s</p>`],
    ['inline style url() in CSS escapes', `<p style="background: u\\72l(${origin}/css-escape.png)">s</p>`],
    ['inline style expression()', `<div style="width: expression(alert(1))">s</div>`],
    ['inline style behavior', `<div style="behavior: url(${origin}/x.htc)">s</div>`],
    ['style smuggled after an allowed alignment', `<table><tr><td style="text-align: right; background: url(${origin}/td-style.png)">c</td></tr></table>`],
    ['a ping', `<a ping="${origin}/ping" href="#x">p</a>`],
    // Taking over the document: refresh, base, policies.
    ['meta refresh', `<meta http-equiv="refresh" content="0;url=${origin}/refresh">`],
    ['meta refresh to javascript:', `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`],
    ['meta policy', `<meta http-equiv="Content-Security-Policy" content="default-src *">`],
    ['meta set-cookie', `<meta http-equiv="set-cookie" content="a=b">`],
    ['base target', `<base target="_blank">`],
    ['link import', `<link rel="import" href="${origin}/import.html">`],
    ['inline style image-set()', `<p style="background: image-set('${origin}/image-set.png' 1x)">s</p>`],
    ['base href', `<base href="${origin}/base/">`],
    ['base href javascript:', `<base href="javascript:/">`],
    ['relative image after base', `<img src="after-base.png">`],
    // Parser differentials (mutation XSS) and comments.
    ['noscript attribute', `<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>`],
    ['math mglyph style', `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`, { swallows: true }],
    ['svg p style', `<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">`, { swallows: true }],
    ['form math mglyph', `<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>`, { swallows: true }],
    ['abrupt comment', `<!--><img src=x onerror=alert(1)>-->`],
    ['comment ended by --!>', `<!-- --!><img src=x onerror=alert(1)> -->`],
    ['CDATA outside foreign content', `<![CDATA[><img src=x onerror=alert(1)>]]>`],
    ['template', `<template><img src=x onerror=alert(1)></template>`],
    ['select template style', `<select><template><style><img src=x onerror=alert(1)></style></template></select>`],
    ['xmp', `<xmp><img src=x onerror=alert(1)></xmp>`],
    ['title', `<title><img src=x onerror=alert(1)></title>`],
    ['textarea', `<textarea><img src=x onerror=alert(1)></textarea>`],
    ['noembed', `<noembed><img src=x onerror=alert(1)></noembed>`],
    ['NUL in a tag name', `<scr\0ipt>alert(1)</scr\0ipt><img\0 src=x onerror=alert(1)>`],
    ['nested anchors', `<a href="#a"><a href="javascript:alert(1)">n</a></a>`],
    ['table foster parenting', `<table><img src=x onerror=alert(1)><tr><td>c</td></tr></table>`],
    // Markdown constructs: every engine sees these.
    ['markdown remote image', `![remote](${origin}/md-image.png)`, { markdown: true }],
    ['markdown data image', `![data](data:image/png;base64,iVBORw0KGgo=)`, { markdown: true }],
    ['markdown javascript link', `[j](javascript:window.__pwned='md-link')`, { markdown: true }],
    ['markdown encoded javascript link', `[j](java%0Ascript:alert(1)) [k](&#106;avascript:alert(1))`, { markdown: true }],
    ['markdown vbscript and data links', `[v](vbscript:msgbox(1)) [d](data:text/html;base64,${SCRIPT_PAGE_BASE64})`, { markdown: true }],
    ['markdown javascript link in angle brackets', `[j](<javascript:alert(1)>)`, { markdown: true }],
    ['markdown uppercase javascript autolink', `<JAVASCRIPT:alert(1)>`, { markdown: true }],
    ['markdown image with a javascript: source', `![x](javascript:alert(1))`, { markdown: true }],
    ['markdown link title hiding HTML', `[t](https://example.com "\"><img src=x onerror=alert(1)>")`, { markdown: true }],
    ['markdown link to a remote page with HTML inline', `[t](${origin}/link) <img src="${origin}/md-inline.png">`, { markdown: true }],
    ['markdown javascript autolink', `<javascript:alert(1)>`, { markdown: true }],
    ['markdown reference to javascript', `[r][evil]\n\n[evil]: javascript:alert(1)`, { markdown: true }],
    ['markdown image reference', `![i][pic]\n\n[pic]: ${origin}/md-ref.png`, { markdown: true }],
    // Unclosed text elements swallow the rest of a page, so they come last.
    ['plaintext', `<plaintext><img src=x onerror=alert(1)>`, { swallows: true }],
    ['unclosed comment', `<!-- <img src=x onerror=alert(1)>`, { swallows: true }],
  ]
  return list.map(([name, text, extra]) => ({ name, text, ...extra }))
}

/**
 * A memo carrying every vector, each in a block of its own (an HTML block or
 * a paragraph), between live numbers, so it also builds with a config.
 */
export function hostileMemo(origin: string, title = 'Hostile memo'): string {
  const vectors = xssVectors(origin)
  const ordered = [...vectors.filter((v) => !v.swallows), ...vectors.filter((v) => v.swallows)]
  return [`# ${title}`, '', 'It holds {{ nodes }} nodes.', '', ...ordered.flatMap((v) => [v.text.replace(/\0/g, '&#0;'), ''])].join('\n')
}
