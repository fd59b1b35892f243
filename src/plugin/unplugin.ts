// The bundler plugin: resolves memo imports to generated modules, loads them, and completes each output's artifacts.
import * as path from 'node:path'
import { createUnplugin, type UnpluginFactory } from 'unplugin'
import type { Plugin as VitePlugin, ResolvedConfig, ViteDevServer } from 'vite'
import { error, MwpackError } from '../diagnostics/diagnostic.js'
import { formatDiagnostic } from '../diagnostics/format-diagnostic.js'
import { renderMemoPage } from '../render/render-page.js'
import {
  artifactFiles,
  artifactUrls,
  completeOutput,
  memosInOutput,
  renderServerUrls,
  type BuiltUrlConfig,
  type EmitContext,
  type OutputBundle,
  type PreparedMemo,
} from './build-artifacts.js'
import { failWith, setupError, toMessage, type HookContext } from './bundler-messages.js'
import { ConfigAppearance } from './config-appears.js'
import { browserMayLoad, browserMayRead, hotUpdateHooks, isImported, reloadOnCreateOrDelete, serveArtifacts, watchMemoFiles } from './dev-server.js'
import { ResolvedModules } from './resolved-modules.js'
import { jsonModule, memoModule, stringModule } from './generate-module.js'
import { checkBundlerVersion, checkViteVersion } from './host-versions.js'
import { kindOfVirtualId, virtualMemoId, VIRTUAL_MEMO_ID, type MemoImportKind } from './memo-id.js'
import { MemoCache, rollupCacheDir } from './memo-cache.js'
import { MemoStore, type LoadedMemo } from './memo-store.js'
import { resolveOptions, type Options } from './options.js'
import { resolveMemoImport } from './resolve-memo-import.js'

/** The Rollup-family context behind unplugin's portable one: Vite 6+ adds `environment`. */
type BundlerContext = EmitContext & {
  environment?: { config: { consumer?: 'client' | 'server' } }
  resolve(id: string, importer?: string, options?: { skipSelf?: boolean }): Promise<{ id: string; external?: boolean | string } | null>
  meta?: { viteVersion?: string; rollupVersion?: string; rolldownVersion?: string; watchMode?: boolean }
}
/** Vite passes `{ ssr }` to resolveId and load (still in Vite 6 to 8, beside `this.environment`). */
type HookOptions = { ssr?: boolean } | undefined

/** What a framework entry (Astro, VitePress) asks of the plugin instance it created, through Vite's `api` convention. */
export interface MwpackApi {
  /** Every artifact a build of this instance produced, by path under the site's output folder (`mwpack/NAME/FILE`). */
  builtArtifacts(): Promise<Map<string, Uint8Array>>
  /**
   * In dev, the public base the pages are served under when it is not Vite's:
   * Astro serves its dev pages under its `base` and strips it before Vite's
   * middlewares, so Vite's base stays `/` while links need the site's.
   */
  linkUnder(base: string): void
  /**
   * Makes every bundler build of this instance one site build (VitePress and
   * Astro build the client and then the server from one plugin, and a site
   * build ends with the process): a memo is read once for all of them, so a
   * memo changed between the two cannot give the server's pages other numbers
   * than the client's, and a warning is told once. A watch rebuild still reads afresh.
   */
  oneSiteBuild(): void
}

export const unpluginFactory: UnpluginFactory<Options | undefined, false> = (rawOptions) => {
  let options: ReturnType<typeof resolveOptions>
  try {
    options = resolveOptions(rawOptions)
  } catch (e) {
    throw setupError(e)
  }
  let root = process.cwd()
  let base = '/'
  /** The base of artifact links in dev, when the host serves pages under another than Vite's (see MwpackApi.linkUnder). */
  let linkBase: string | undefined
  let serving = false
  /** Vite builds name artifacts with Vite's asset references; Rollup and Rolldown with their own. */
  let vite = false
  let renderBuiltUrl: BuiltUrlConfig['renderBuiltUrl']
  let server: ViteDevServer | undefined
  /** Vite's cache folder when Vite says where it is; else the `node_modules/.cache` convention of Rollup-family tools. */
  let cacheDir: string | undefined = rollupCacheDir(process.cwd())
  let diskCache: MemoCache | undefined
  const cacheFor = () => (options.cache && cacheDir ? (diskCache?.dir === cacheDir ? diskCache : (diskCache = new MemoCache(cacheDir))) : undefined)
  const store = new MemoStore(options, () => root, cacheFor)
  const modules = new ResolvedModules()
  /** Memos a build (not the dev server) prepared: framework entries publish them at the end. */
  const built = new Map<string, PreparedMemo>()
  /**
   * Memos this build loaded, as it read them: two of them with one name would share an artifact
   * folder. A build reads each memo and its config once, at its first import; its other import
   * forms and `generateBundle` use that read (a memo changed since is refused where its outputs
   * are made again, see MemoStore.outputs), and the next build (a watch rebuild) reads afresh.
   */
  const inBuild = new Map<string, LoadedMemo>()
  /** Whether every bundler build of this instance belongs to one site build (see MwpackApi.oneSiteBuild). */
  let siteBuild = false
  /** Warnings already shown and memos already failed, so each is told once per build, not once per import form. */
  const warned = new Set<string>()
  const failed = new Set<string>()
  const configAppearance = new ConfigAppearance()
  const devSetup = { store, modules, outDir: options.outDir, base: () => base }

  const folderOf = (memo: LoadedMemo) => `${options.outDir}/${memo.name}`
  /**
   * The file of a message's `loc`: absolute in dev, where Vite reads it for the overlay's code frame;
   * in builds as messages show it (relative to the root), because bundlers print it as given.
   */
  const locFile = (file: string) => (serving ? path.resolve(root, file) : file)
  const relative = (file: string) => path.relative(root, file).split(path.sep).join('/')
  const isServerSide = (ctx: unknown, hookOptions: HookOptions) =>
    (ctx as BundlerContext).environment?.config.consumer === 'server' || hookOptions?.ssr === true
  /** In dev, a memo counts while a module imports it; in a build, once the build loaded it. */
  const inUse = (file: string) => (server ? isImported(server, modules, file) : inBuild.has(file))

  /**
   * A memo this import may use, else the import fails with every diagnostic
   * (once per build: a build stops at its errors anyway, and the dev server
   * needs every failing request to say why). Warnings are told once per build.
   */
  function admit(ctx: HookContext, memo: LoadedMemo, kind: MemoImportKind): PreparedMemo | { quiet: true } {
    const problems = !memo.result.ok
      ? memo.result.diagnostics
      : [...store.namesakeProblems(memo, inUse, folderOf(memo)), ...(kind === 'report' && !memo.result.hasReport ? [store.missingConfig(memo)] : [])]
    if (problems.length > 0) {
      const key = `${memo.file}\n${kind}`
      if (!serving && failed.has(key)) return { quiet: true }
      failed.add(key)
      return failWith(ctx, problems, locFile, (ctx as unknown as BundlerContext).meta)
    }
    // A warning says where it is (a config's warning is the same for every memo sharing it): each is told once per build.
    for (const w of (memo as PreparedMemo).result.warnings) {
      const key = formatDiagnostic(w)
      if (warned.has(key)) continue
      warned.add(key)
      ctx.warn(toMessage(w, [w], locFile, undefined, { placeInText: printsWarningsWithoutPlace(ctx) }))
    }
    return memo as PreparedMemo
  }

  /** Vite on Rolldown (Vite 8) prints a plugin warning's text and not its `loc`; Rollup, Rolldown and Vite 5-7 print both. */
  const printsWarningsWithoutPlace = (ctx: HookContext) => vite && (ctx as unknown as BundlerContext).meta?.rolldownVersion !== undefined

  /** The memo as this build read it, else read now. */
  const readThisBuild = (file: string) => inBuild.get(file) ?? store.load(file)

  /** A build reads each memo it resolves and watches its files at once, so its problems are told where the import is. */
  function readForBuild(ctx: HookContext, file: string): LoadedMemo {
    const memo = readThisBuild(file)
    inBuild.set(memo.file, memo)
    for (const watched of memo.watchFiles) ctx.addWatchFile(watched)
    if ((ctx as unknown as BundlerContext).meta?.watchMode) configAppearance.watch(memo.file, memo.configMayAppear)
    return memo
  }

  async function generateBundle(this: EmitContext, _output: unknown, bundle: OutputBundle): Promise<void> {
    const memos: PreparedMemo[] = []
    for (const file of memosInOutput(bundle, (id) => modules.memoOf(id))) {
      const memo = readThisBuild(file)
      if (memo.result.ok) memos.push(memo as PreparedMemo)
    }
    await failingWithDiagnostics(this as unknown as HookContext, () => completeOutput(this, bundle, memos, store, folderOf))
  }

  /**
   * Runs `work`; a problem mwpack finds on the way (a memo changed since this
   * build read it) fails the hook with its diagnostics, as any other problem
   * does, never as a stack.
   */
  async function failingWithDiagnostics<T>(ctx: HookContext, work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (e) {
      if (e instanceof MwpackError) failWith(ctx, e.diagnostics, locFile, (ctx as unknown as BundlerContext).meta)
      throw e
    }
  }

  /** The code of a memo's module of this import kind, from its outputs (read back or made again when not held). */
  async function moduleCode(ctx: HookContext, ready: PreparedMemo, kind: MemoImportKind, hookOptions?: HookOptions): Promise<string> {
    // Read each value only as this kind needs it: read back from the cache, each is parsed on first use.
    const outputs = await store.outputs(ready)
    switch (kind) {
      case 'report':
        return jsonModule(outputs.report!)
      case 'manifest':
        return jsonModule(outputs.manifest)
      case 'memo':
        return stringModule(outputs.markdown)
      case 'html':
        return stringModule(
          renderMemoPage({ markdown: outputs.markdown, report: outputs.report, manifest: outputs.manifest, markdownMap: outputs.markdownMap() }),
        )
      case 'module': {
        const form = serving ? { plainUnder: linkBase ?? base } : !vite ? 'rollup-file-url' : isServerSide(ctx, hookOptions) ? 'vite-server' : 'vite-asset'
        const urls = await artifactUrls(ctx as unknown as BundlerContext, store, ready, { folder: folderOf(ready), form })
        return memoModule({ name: ready.name, markdown: outputs.markdown, report: outputs.report, manifest: outputs.manifest }, urls)
      }
    }
  }

  const api: MwpackApi = {
    async builtArtifacts() {
      const files = new Map<string, Uint8Array>()
      for (const memo of built.values()) {
        for (const [file, bytes] of await artifactFiles(store, memo)) files.set(`${folderOf(memo)}/${file}`, bytes)
      }
      return files
    },
    oneSiteBuild() {
      siteBuild = true
    },
    linkUnder(hostBase) {
      linkBase = hostBase.endsWith('/') ? hostBase : `${hostBase}/`
    },
  }

  const viteHooks: Partial<VitePlugin> = {
    api,
    config(_config, env) {
      checkViteVersion(env as unknown as Record<string, unknown>, (this as unknown as BundlerContext | undefined)?.meta?.viteVersion)
    },
    configResolved(config: ResolvedConfig) {
      root = config.root
      cacheDir = path.join(config.cacheDir, 'mwpack')
      const publicBase = (config as ResolvedConfig & { decodedBase?: string }).decodedBase ?? config.base
      base = publicBase.endsWith('/') ? publicBase : `${publicBase}/`
      renderBuiltUrl = config.experimental.renderBuiltUrl as BuiltUrlConfig['renderBuiltUrl']
      serving = config.command === 'serve'
      vite = true
    },
    configureServer(devServer: ViteDevServer) {
      server = devServer
      serveArtifacts(devServer, devSetup)
      reloadOnCreateOrDelete(devServer, devSetup)
    },
    ...hotUpdateHooks(devSetup),
    renderChunk(code, chunk) {
      return renderServerUrls(code, chunk.fileName, { base, renderBuiltUrl })
    },
    generateBundle: { order: 'post', handler: generateBundle },
  }

  return {
    name: 'mwpack',
    enforce: 'pre',

    buildStart(inputOptions?: { plugins?: ReadonlyArray<{ name?: string } | null | false> }) {
      checkBundlerVersion((this as unknown as BundlerContext).meta)
      // Two instances would each claim the other's generated modules and emit every artifact twice.
      const instances = (inputOptions?.plugins ?? []).filter((plugin) => plugin && plugin.name === 'mwpack').length
      if (instances > 1) {
        const problem = error('MWP_ARG_INVALID', `mwpack is in the build's plugins ${instances} times; add it once`, {
          hint: 'one mwpack() handles every memo the build imports; its include option chooses which files are memos',
        })
        failWith(this as unknown as HookContext, [problem], locFile, (this as unknown as BundlerContext).meta)
      }
      // A cache that cannot key mwpack's code turns itself off; the build goes on, slower, and says why.
      const off = cacheFor()?.off
      if (off) (this as unknown as HookContext).warn(toMessage(off, [off], locFile))
      failed.clear()
      if (!siteBuild || (this as unknown as BundlerContext).meta?.watchMode) {
        warned.clear()
        inBuild.clear()
      }
    },

    // Every import form of a memo resolves to a generated module of mwpack's own, whatever the
    // other plugins' order: an id no Markdown plugin matches (see memo-id.ts). Vite's own
    // queries (`?raw`, `?url`, ...) are not ours and go on to Vite.
    resolveId: {
      filter: { id: /^[^\0]/ },
      async handler(id, importer, hookOptions: unknown) {
        const memo = await resolveMemoImport(this as unknown as BundlerContext, id, importer, options.include)
        if (!memo) return null
        if (!memo.ok) {
          const at = importer && !importer.startsWith('\0') ? { file: store.display(importer.split('?')[0]!) } : {}
          return failWith(this, [error('MWP_ARG_INVALID', `import "${id}": ${memo.problem}`, at)], locFile, (this as unknown as BundlerContext).meta)
        }
        // In dev, a memo the browser may not load is left to Vite, which answers 403 as for its own files.
        if (server && !isServerSide(this, hookOptions as HookOptions) && !browserMayLoad(server, memo.realFile)) return null
        const virtual = virtualMemoId(relative(memo.file), memo.kind)
        modules.record(virtual, memo.file)
        // A build reports a memo's problems here, at the import: bundlers then name the importer or the
        // config's line, where a failing load is "Could not load <module id>".
        if (!serving) admit(this, readForBuild(this, memo.file), memo.kind)
        return virtual
      },
    },

    load: {
      filter: { id: VIRTUAL_MEMO_ID },
      async handler(id, hookOptions?: HookOptions) {
        // Only ids the resolve step made, and in the browser only what Vite would serve: a made-up id is
        // answered as Vite answers any unknown module, without reading a file.
        const file = modules.memoOf(id)
        const kind = kindOfVirtualId(id)
        const browser = server && !isServerSide(this, hookOptions) ? server : undefined
        if (!file || !kind || (browser && !browserMayLoad(browser, file))) return noSuchModule(id)
        const memo = server ? store.load(file) : readForBuild(this, file)
        if (browser && !browserMayRead(browser, memo)) return noSuchModule(id)
        if (server) watchMemoFiles(server, root, memo)
        const ready = admit(this, memo, kind)
        if ('quiet' in ready) return { code: 'export default undefined\n', map: { mappings: '' } }
        if (!serving) built.set(ready.file, ready)

        const code = await failingWithDiagnostics(this, () => moduleCode(this, ready, kind, hookOptions))
        return { code, map: { mappings: '' } }
      },
    },

    // The cache entries this build started writing are on disk before the bundler moves on; a build
    // (not the dev server, which serves until closed) then prunes the entries unused for a week.
    async buildEnd() {
      await store.flush()
      if (!serving) store.pruneCache()
    },

    closeWatcher() {
      configAppearance.close()
    },

    vite: viteHooks,
    rollup: { generateBundle },
    rolldown: { generateBundle },
  }
}

/**
 * The answer for a generated-module id no resolve made: Vite's own "no such
 * module" (`ERR_LOAD_URL`), which its dev server answers exactly as for any
 * unknown id, so a made-up id tells a client nothing.
 */
function noSuchModule(id: string): never {
  const failure = new Error(`mwpack made no module ${JSON.stringify(id.replace('\0', '\\0'))}`) as Error & { code: string }
  failure.code = 'ERR_LOAD_URL'
  throw failure
}

/** The plugin for every bundler mwpack supports; the entry points pick one. */
export const mwpack = /* @__PURE__ */ createUnplugin(unpluginFactory)
