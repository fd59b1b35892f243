// `import mwpack from 'mwpack/astro'`: the Astro integration (Starlight sites included).
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Plugin as VitePlugin } from 'vite'
import { resolveOptions, type Options } from './plugin/options.js'
import { publishArtifacts } from './plugin/publish-artifacts.js'
import { mwpack as unplugin, type MwpackApi } from './plugin/unplugin.js'

/** The parts of Astro's integration API (Astro 7) this integration uses, typed here so mwpack does not depend on Astro. */
export interface AstroIntegrationLike {
  name: string
  hooks: {
    'astro:config:setup': (params: {
      command: string
      config: { base: string; root: URL }
      updateConfig: (config: { vite: { plugins: VitePlugin[] } }) => unknown
    }) => void
    'astro:routes:resolved': (params: { routes: ReadonlyArray<{ entrypoint: string; pattern: string }>; logger: AstroLoggerLike }) => void
    'astro:build:done': (params: { dir: URL }) => Promise<void>
  }
}

/** The part of Astro's integration logger this integration uses: messages print as `[ERROR] [mwpack] ...`. */
export interface AstroLoggerLike {
  error(message: string): void
}

/**
 * mwpack as an Astro integration: `integrations: [mwpack()]` in astro.config.
 *
 * - `astro:config:setup` adds the mwpack Vite plugin through `updateConfig`,
 *   Astro's way for integrations to add Vite plugins; it serves every Astro
 *   build (the client one and the server one that prerenders pages). In dev
 *   it also tells the plugin Astro's `base`: Astro serves pages under it while
 *   Vite's own base stays `/`, so artifact links need it added;
 * - `astro:routes:resolved` refuses a memo under src/pages, which Astro would
 *   publish as a page: a build stops, the dev server says so and goes on;
 * - `astro:build:done` writes into the site the artifacts of memos imported
 *   only by prerendered pages (frontmatter imports, no client script).
 */
export default function mwpack(options?: Options): AstroIntegrationLike {
  const include = resolveOptions(options).include
  const plugin = unplugin.vite(options) as VitePlugin
  let command = 'build'
  let told = ''
  /** In dev, the memo pages the last route list had, by absolute path, and why each is refused. */
  const refusedPages = new Map<string, Error>()
  let root = ''
  // In dev, a memo page's own request shows mwpack's message in Astro's error overlay: Astro imports
  // the page file without a query, which mwpack would otherwise answer with the memo object.
  const pageGuard: VitePlugin = {
    name: 'mwpack:memo-pages',
    enforce: 'pre',
    resolveId(id, importer) {
      if (refusedPages.size === 0 || id.includes('?')) return null
      const file = importer && !path.isAbsolute(id) && !id.startsWith('/') ? path.resolve(path.dirname(importer.split('?')[0]!), id) : id
      const why = refusedPages.get(path.resolve(file)) ?? refusedPages.get(path.join(root, file))
      if (why) throw why
      return null
    },
  }
  return {
    name: 'mwpack',
    hooks: {
      'astro:config:setup': ({ updateConfig, command: running, config }) => {
        command = running
        root = fileURLToPath(config.root)
        if (running === 'dev') (plugin.api as MwpackApi).linkUnder(config.base)
        // `astro build` builds the server and the client with this one plugin: one site build.
        else (plugin.api as MwpackApi).oneSiteBuild()
        updateConfig({ vite: { plugins: running === 'dev' ? [pageGuard, plugin] : [plugin] } })
      },
      'astro:routes:resolved': ({ routes, logger }) => {
        const pages = routes.filter((route) => include.test(route.entrypoint))
        const problem = memoPagesProblem(pages)
        if (command !== 'build') {
          refusedPages.clear()
          for (const page of pages) refusedPages.set(path.join(root, page.entrypoint), memoPagesProblem([page])!)
          // The dev server calls this again whenever a page is added or removed: say it once per change, and go on.
          if (problem && problem.message !== told) logger.error(`${problem.message} ${problem.hint}`)
          told = problem?.message ?? ''
          return
        }
        if (problem) throw problem
      },
      'astro:build:done': async ({ dir }) => {
        await publishArtifacts(plugin, fileURLToPath(dir))
      },
    },
  }
}

/**
 * The error for memos under src/pages, or undefined when there are none. It
 * is shaped as Astro's `AstroUserError` (`type`, `hint`, no stack), which
 * Astro prints as a message and a hint rather than a crash.
 */
function memoPagesProblem(pages: ReadonlyArray<{ entrypoint: string; pattern: string }>): (Error & { hint: string }) | undefined {
  if (pages.length === 0) return undefined
  const listed = pages.map((route) => `${route.entrypoint} (${route.pattern})`).join(', ')
  const problem = new Error(
    `${listed} would be published as ${pages.length > 1 ? 'pages' : 'a page'}: a memo under src/pages is a page to Astro, ` +
      "showing the memo's Markdown as written and none of its numbers.",
  )
  return Object.assign(problem, {
    name: 'mwpack',
    type: 'AstroUserError',
    stack: '',
    hint:
      'Move the memo out of src/pages (src/memos/, say), or start its file name with "_" (Astro skips those), and import it from a page: ' +
      "`import report from '../memos/5mw.memo.md?report'`, or `?html` for the rendered memo.",
  })
}

/**
 * A content loader without memos: wrap a collection's loader (Starlight's
 * `docsLoader()`, Astro's `glob()`) so `*.memo.md` files beside the docs stay
 * sources to import, not entries the collection's schema must accept.
 * `defineCollection({ loader: withoutMemos(docsLoader()), schema: docsSchema() })`
 * Returns a loader of the same type as the one given.
 */
export function withoutMemos<L extends ContentLoaderLike>(loader: L, options?: Pick<Options, 'include'>): L {
  const include = resolveOptions(options).include
  const isMemo = (filePath: unknown) => typeof filePath === 'string' && include.test(filePath)
  const load = loader.load as (context: LoaderContextLike) => Promise<void>
  const wrapped: ContentLoaderLike = {
    ...loader,
    load: (context: LoaderContextLike) =>
      load.call(loader, {
        ...context,
        parseData: (entry) => (isMemo(entry.filePath) ? Promise.resolve(entry.data) : context.parseData(entry)),
        // The loader's own file watcher (Astro's glob loader logs "Reloaded data from ..." for each change it syncs).
        ...(context.watcher ? { watcher: withoutMemoEvents(context.watcher, isMemo) } : {}),
        store: new Proxy(context.store, {
          get(target, key, receiver) {
            const value = Reflect.get(target, key, receiver) as unknown
            if (key === 'set')
              return (entry: { filePath?: string }) => (isMemo(entry.filePath) ? false : (value as (e: unknown) => boolean).call(target, entry))
            return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
          },
        }),
      }),
  }
  return wrapped as L
}

/**
 * The shape of an Astro content loader (Astro's `Loader`) `withoutMemos`
 * accepts: an object with a `load` function. Its context is typed `never`
 * here so any loader's own context type fits; `withoutMemos` passes the
 * context through, changing only `parseData` and `store.set`.
 */
export interface ContentLoaderLike {
  name: string
  load: (context: never) => Promise<void>
}
/** The parts of Astro's `LoaderContext` `withoutMemos` changes: memo entries are never parsed or stored, and their file events never reach the loader. */
export interface LoaderContextLike {
  parseData: (entry: { filePath?: string; data: unknown }) => Promise<unknown>
  store: object
  watcher?: { on(event: string, listener: (...args: never[]) => unknown): unknown }
}

/** A file watcher whose listeners never hear of a memo (chokidar's `on(event, listener(path, ...))`). */
function withoutMemoEvents<W extends NonNullable<LoaderContextLike['watcher']>>(watcher: W, isMemo: (file: unknown) => boolean): W {
  return new Proxy(watcher, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown
      if (key === 'on') {
        return (event: string, listener: (...args: unknown[]) => unknown) => {
          target.on(event, (...args: never[]) => (isMemo(args[0]) ? undefined : listener(...args)))
          return receiver
        }
      }
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
}

export type { Options } from './plugin/options.js'
