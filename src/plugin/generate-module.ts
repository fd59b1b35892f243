// Writes the JavaScript modules that memo imports resolve to.
import type { ClusterReport } from '../cluster/size-cluster.js'
import type { Manifest } from '../manifest/build-manifest.js'

/** What `import memo from './5mw.memo.md'` gives. */
export interface Memo {
  name: string
  /** The normalized memo, exactly the bundle's memo.md. */
  markdown: string
  /** The sizing report, or null when the memo has no cluster config. */
  report: ClusterReport | null
  manifest: Manifest
  /** URLs of the artifacts in the built site (served by the dev server too). */
  files: { memo: string; report: string | null; manifest: string; bundle: string }
}

/** A JavaScript expression for each artifact URL: a string literal in dev, a bundler URL expression in builds. */
export interface ArtifactUrls {
  memo: string
  report: string | null
  manifest: string
  bundle: string
}

/**
 * `JSON.parse("...")` rather than an object literal: engines parse the JSON
 * grammar much faster than JavaScript for large data (Vite's JSON plugin does
 * the same above 10 kB; Astro measured about 1.7x), and it keeps key order.
 */
export function jsonModule(value: unknown): string {
  return `export default ${jsonExpression(value)}\n`
}

export function stringModule(text: string): string {
  return `export default ${JSON.stringify(text)}\n`
}

export function memoModule(memo: { name: string; markdown: string; report: ClusterReport | undefined; manifest: Manifest }, urls: ArtifactUrls): string {
  return [
    `export default {`,
    `  name: ${JSON.stringify(memo.name)},`,
    `  markdown: ${JSON.stringify(memo.markdown)},`,
    `  report: ${memo.report ? jsonExpression(memo.report) : 'null'},`,
    `  manifest: ${jsonExpression(memo.manifest)},`,
    `  files: { memo: ${urls.memo}, report: ${urls.report ?? 'null'}, manifest: ${urls.manifest}, bundle: ${urls.bundle} },`,
    `}`,
    '',
  ].join('\n')
}

function jsonExpression(value: unknown): string {
  return `JSON.parse(${JSON.stringify(JSON.stringify(value))})`
}
