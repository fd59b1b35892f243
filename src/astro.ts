// `import mwpack from 'mwpack/astro'`: the Astro integration (Starlight sites included).
import { fileURLToPath } from 'node:url'
import type { Plugin as VitePlugin } from 'vite'
import { resolveOptions, type Options } from './plugin/options.js'
import { publishArtifacts } from './plugin/publish-artifacts.js'
import { mwpack as unplugin } from './plugin/unplugin.js'

/** The parts of Astro's integration API (Astro 7) this integration uses, typed here so mwpack does not depend on Astro. */
export interface AstroIntegrationLike {
  name: string
  hooks: {
    'astro:config:setup': (params: { updateConfig: (config: { vite: { plugins: VitePlugin[] } }) => unknown }) => void
    'astro:routes:resolved': (params: { routes: ReadonlyArray<{ entrypoint: string; pattern: string; origin?: string }> }) => void
    'astro:build:done': (params: { dir: URL }) => Promise<void>
  }
}

/**
 * mwpack as an Astro integration: `integrations: [mwpack()]` in astro.config.
 *
 * - `astro:config:setup` adds the mwpack Vite plugin through `updateConfig`,
 *   Astro's way for integrations to add Vite plugins; it serves every Astro
 *   build (the client one and the server one that prerenders pages);
 * - `astro:routes:resolved` stops a build that would publish a memo as a page
 *   (a `*.memo.md` under src/pages), saying how to keep it a source;
 * - `astro:build:done` writes into the site the artifacts of memos imported
 *   only by prerendered pages (frontmatter imports, no client script).
 */
export default function mwpack(options?: Options): AstroIntegrationLike {
  const include = resolveOptions(options).include
  const plugin = unplugin.vite(options) as VitePlugin
  return {
    name: 'mwpack',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({ vite: { plugins: [plugin] } })
      },
      'astro:routes:resolved': ({ routes }) => {
        const pages = routes.filter((route) => include.test(route.entrypoint))
        if (pages.length === 0) return
        const listed = pages.map((route) => `${route.entrypoint} (${route.pattern})`).join(', ')
        throw new Error(
          `mwpack: ${listed} would be published as a page, with the memo's Markdown as written and none of its numbers. ` +
            'Move the memo out of src/pages (or start its name with "_", which Astro skips) and import it from a page: ' +
            "`import report from './5mw.memo.md?report'`, or `?html` for the rendered memo.",
        )
      },
      'astro:build:done': async ({ dir }) => {
        await publishArtifacts(plugin, fileURLToPath(dir))
      },
    },
  }
}

/**
 * A content loader without memos: wrap a collection's loader (Starlight's
 * `docsLoader()`, Astro's `glob()`) so `*.memo.md` files beside the docs stay
 * sources to import, not entries the collection's schema must accept.
 * `defineCollection({ loader: withoutMemos(docsLoader()), schema: docsSchema() })`
 */
export function withoutMemos<L extends ContentLoaderLike>(loader: L, options?: Pick<Options, 'include'>): L {
  const include = resolveOptions(options).include
  const isMemo = (filePath: unknown) => typeof filePath === 'string' && include.test(filePath)
  return {
    ...loader,
    load: (context: LoaderContextLike) =>
      loader.load({
        ...context,
        parseData: (entry: { filePath?: string; data: unknown }) => (isMemo(entry.filePath) ? Promise.resolve(entry.data) : context.parseData(entry)),
        store: new Proxy(context.store, {
          get(target, key, receiver) {
            const value = Reflect.get(target, key, receiver)
            if (key === 'set') return (entry: { filePath?: string }) => (isMemo(entry.filePath) ? false : value.call(target, entry))
            return typeof value === 'function' ? value.bind(target) : value
          },
        }),
      }),
  }
}

/** The parts of Astro's content loader API `withoutMemos` passes through. */
export interface ContentLoaderLike {
  name: string
  load: (context: LoaderContextLike) => Promise<void>
  [key: string]: unknown
}
export interface LoaderContextLike {
  parseData: (entry: { id?: string; filePath?: string; data: unknown }) => Promise<unknown>
  store: { set: (entry: { filePath?: string }) => boolean; [key: string]: unknown }
  [key: string]: unknown
}

export type { Options } from './plugin/options.js'
