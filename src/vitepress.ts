// `import { withMwpack } from 'mwpack/vitepress'`: mwpack in a VitePress site, in one line of its config.
import type { Plugin as VitePlugin } from 'vite'
import { publishArtifacts } from './plugin/publish-artifacts.js'
import type { Options } from './plugin/options.js'
import { mwpack, type MwpackApi } from './plugin/unplugin.js'

/**
 * The parts of a VitePress site config (1.x and 2.x) this helper reads and
 * extends. No index signature and a method-style `buildEnd`, so VitePress's
 * own `UserConfig` (an interface, whose `buildEnd` takes its full `SiteConfig`)
 * is one, and `withMwpack(defineConfig({ ... }))` keeps the user's type.
 */
export interface VitePressConfigLike {
  srcExclude?: string[]
  vite?: { plugins?: unknown[] }
  buildEnd?(siteConfig: { outDir: string }): unknown
}

/** The glob VitePress skips as pages: the default memo file name. */
export const MEMO_PAGE_GLOB = '**/*.memo.md'

/**
 * Adds mwpack to a VitePress config: `export default withMwpack(defineConfig({ ... }))`.
 *
 * - the mwpack Vite plugin in `vite.plugins` (VitePress passes them to both of
 *   its builds, the client and the server one that prerenders pages);
 * - `**\/*.memo.md` in `srcExclude`, so a memo in the docs folder is never
 *   published as a page (with another `include`, add its glob to `srcExclude`);
 * - a `buildEnd` step (after the user's own) that writes the artifacts of
 *   memos imported only while prerendering into the site's output folder.
 */
export function withMwpack<T extends VitePressConfigLike>(config: T, options?: Options): T {
  const plugin = mwpack.vite(options) as VitePlugin
  // VitePress builds the client and then the server (prerendering) with this one plugin: one site build.
  ;(plugin.api as MwpackApi).oneSiteBuild()
  const userBuildEnd = config.buildEnd
  const extended: VitePressConfigLike = {
    ...config,
    srcExclude: [...(config.srcExclude ?? []), MEMO_PAGE_GLOB],
    vite: { ...config.vite, plugins: [...(config.vite?.plugins ?? []), plugin] },
    async buildEnd(siteConfig: { outDir: string }) {
      await userBuildEnd?.call(config, siteConfig)
      await publishArtifacts(plugin, siteConfig.outDir)
    },
  }
  return extended as T
}

export default withMwpack
export type { Options } from './plugin/options.js'
