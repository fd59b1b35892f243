// The rendered memo's stylesheet, inlined so the page needs nothing from the network.
export const PAGE_CSS = `
:root { color-scheme: light; font-family: Georgia, 'Times New Roman', serif; line-height: 1.55; color: #1d2330; }
body { margin: 0; background: #fff; }
main.memo { max-width: 48rem; margin: 2rem auto; padding: 0 1.25rem; overflow-wrap: break-word; }
h1, h2, h3, h4 { font-family: system-ui, sans-serif; line-height: 1.25; }
h1 { font-size: 1.9rem; margin-bottom: 0.4rem; }
h2 { font-size: 1.35rem; margin-top: 2rem; border-bottom: 1px solid #dde1e6; padding-bottom: 0.2rem; }
code, pre { font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace; font-size: 0.88em; }
pre { background: #f5f6f8; padding: 0.8rem 1rem; overflow-x: auto; }
/* Tables read at a glance: compact enough that a table of eight columns fits the column without wrapping a cell, and on a phone one scrolls inside itself rather than widening the page. */
table { border-collapse: collapse; margin: 1rem 0; font-family: system-ui, sans-serif; font-size: 0.85rem; display: block; max-width: 100%; overflow-x: auto; }
th, td { border-bottom: 1px solid #dde1e6; padding: 0.3rem 0.5rem; text-align: left; }
td { font-variant-numeric: tabular-nums; }
blockquote { margin: 1rem 0; padding: 0.1rem 1rem; border-left: 4px solid #c5ccd6; color: #3b4556; }
section.sizing { border: 1px solid #c5ccd6; border-radius: 6px; padding: 0.6rem 1.1rem 0.8rem; margin: 1.2rem 0 1.6rem; background: #fafbfc; }
section.sizing h2 { margin-top: 0.4rem; border: none; font-size: 1.1rem; }
.sizing-table td { text-align: right; }
figure { margin: 0.8rem 0 0; }
figcaption { font-family: system-ui, sans-serif; font-size: 0.85rem; color: #556070; }
svg.power-chart, svg.chart { max-width: 100%; height: auto; }
footer { max-width: 48rem; margin: 2rem auto 3rem; padding: 0.8rem 1.25rem 0; border-top: 1px solid #dde1e6; font-family: system-ui, sans-serif; font-size: 0.8rem; color: #556070; }
@media print {
  main.memo { margin: 0 auto; max-width: none; }
  section.sizing, figure, table, pre { break-inside: avoid; }
  a { color: inherit; }
}
`.trim()
