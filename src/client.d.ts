// Ambient types for memo imports: add "mwpack/client" to compilerOptions.types (or a triple-slash reference).

declare module '*.memo.md' {
  const memo: import('mwpack').Memo
  export default memo
}

/**
 * The memo object again, for hosts whose own types claim every `*.md` import
 * (Astro and Starlight declare it a Markdown component, and TypeScript picks
 * theirs): `import memo from './5mw.memo.md?mwpack'`.
 */
declare module '*.memo.md?mwpack' {
  const memo: import('mwpack').Memo
  export default memo
}

declare module '*.memo.md?report' {
  const report: import('mwpack').ClusterReport
  export default report
}

declare module '*.memo.md?manifest' {
  const manifest: import('mwpack').Manifest
  export default manifest
}

declare module '*.memo.md?memo' {
  const markdown: string
  export default markdown
}

declare module '*.memo.md?html' {
  /** The memo as one self-contained HTML page, the same bytes as `mwpack render` writes to memo.html. */
  const html: string
  export default html
}
