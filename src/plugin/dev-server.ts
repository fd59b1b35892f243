// The dev server side: artifact URLs answered from memory, what a browser may read, and memos rebuilt when their files change.
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Plugin as VitePlugin, ViteDevServer } from 'vite'
import { BUNDLE_FILE, MANIFEST_FILE, MEMO_FILE, REPORT_FILE } from '../artifact-layout.js'
import { formatDiagnosticList } from '../diagnostics/format-diagnostic-list.js'
import type { ResolvedModules } from './resolved-modules.js'
import type { LoadedMemo, MemoStore } from './memo-store.js'
import { viteAllowsLoading, type ViteFsConfig } from './vite-fs-access.js'

const CONTENT_TYPES: ReadonlyMap<string, string> = new Map([
  [MEMO_FILE, 'text/markdown; charset=utf-8'],
  [REPORT_FILE, 'application/json; charset=utf-8'],
  [MANIFEST_FILE, 'application/json; charset=utf-8'],
  [BUNDLE_FILE, 'application/zip'],
])

/** What Vite 5 keeps on the server and Vite 6 moved to the config (`fsDenyGlob`). */
type Server = ViteDevServer & { _fsDenyGlob?: (file: string) => boolean }

/** The parts of a module graph and its nodes this file reads (Vite 5's mixed graph and each Vite 6+ environment's). */
interface ModuleLike {
  importers: { size: number }
}
interface ModuleGraphLike {
  getModuleById(id: string): ModuleLike | undefined
  invalidateModule(mod: ModuleLike, seen?: Set<ModuleLike>, timestamp?: number, isHmr?: boolean): void
}

export interface DevServerSetup {
  store: MemoStore
  modules: ResolvedModules
  outDir: string
  /** The public base the artifacts are served under. */
  base: () => string
}

/**
 * True when the dev server lets a browser load this file, by Vite's
 * `server.fs` rule, judged on the file's real path as Vite judges its own
 * files (a link inside the root to a file outside is outside).
 */
export function browserMayLoad(server: ViteDevServer, file: string): boolean {
  let real = file
  try {
    real = fs.realpathSync(file)
  } catch {
    // A file that is not there yet is judged by its path.
  }
  return viteAllowsLoading(server.config as unknown as ViteFsConfig, (server as Server)._fsDenyGlob, real)
}

/** The memo and its config are both files a browser may load: only then may it get what is built from them. */
export function browserMayRead(server: ViteDevServer, memo: LoadedMemo): boolean {
  return [memo.file, ...(memo.configFile ? [memo.configFile] : [])].every((file) => browserMayLoad(server, file))
}

/** Every module graph of the server: one per environment from Vite 6, Vite 5's single one before. */
function moduleGraphs(server: ViteDevServer): ModuleGraphLike[] {
  const environments = (server as { environments?: Record<string, { moduleGraph: ModuleGraphLike }> }).environments
  return environments ? Object.values(environments).map((e) => e.moduleGraph) : [server.moduleGraph as unknown as ModuleGraphLike]
}

/**
 * True while some module imports one of the memo's generated modules. A page
 * that stops importing a memo releases its name at once (Vite prunes the
 * import), and a memo a request named directly, which no page imports,
 * never holds a name against the one the pages use.
 */
export function isImported(server: ViteDevServer, modules: ResolvedModules, memoFile: string): boolean {
  const ids = modules.idsOf(memoFile)
  return moduleGraphs(server).some((graph) => ids.some((id) => (graph.getModuleById(id)?.importers.size ?? 0) > 0))
}

/**
 * Serves `BASE/OUTDIR/NAME/FILE` for memos the app imports, as the built
 * site will. The folder is mwpack's in the build output, so it is mwpack's to
 * answer for here too: unknown names and files are 404, a malformed URL is 400,
 * a method other than GET or HEAD is 405, and a memo or config Vite would not
 * serve (`server.fs`) is 403, as Vite answers for its own files.
 */
export function serveArtifacts(server: ViteDevServer, setup: DevServerSetup): void {
  const { store, outDir } = setup
  server.middlewares.use((req, res, next) => {
    const pathname = (req.url ?? '').split(/[?#]/)[0] ?? ''
    const prefix = `${setup.base()}${outDir}/`
    if (!pathname.startsWith(prefix)) return next()
    const answer = (status: number, text: string) => {
      res.statusCode = status
      res.setHeader('Content-Type', 'text/plain; charset=utf-8')
      res.end(`mwpack: ${text}`)
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD')
      return answer(405, `${req.method} is not allowed here: the artifact folder is read-only (GET, HEAD)`)
    }
    let segments: string[]
    try {
      segments = pathname.slice(prefix.length).split('/').map(decodeURIComponent)
    } catch {
      return answer(400, `${JSON.stringify(pathname)} is not a well-formed URL path (a % must start a percent-encoded UTF-8 byte)`)
    }
    const [name, file, ...rest] = segments
    const known = name ? store.byName(name, (f) => isImported(server, setup.modules, f)) : undefined
    if (!known) return answer(404, `no memo named ${JSON.stringify(name ?? '')} is imported by the app`)
    const contentType = file !== undefined && rest.length === 0 ? CONTENT_TYPES.get(file) : undefined
    if (!contentType) return answer(404, `${name} has no artifact ${JSON.stringify(segments.slice(1).join('/'))}`)
    if (!browserMayRead(server, known)) {
      return answer(403, `${store.display(known.file)} is outside the files this dev server may serve (server.fs.allow)`)
    }
    const memo = store.load(known.file)
    if (!memo.result.ok) return answer(500, formatDiagnosticList(memo.result.diagnostics).join('\n'))
    const prepared = memo as typeof memo & { result: { ok: true } }
    store.outputs(prepared).then(({ files }) => {
      const bytes = files.get(file!)
      if (!bytes) return answer(404, `${name} has no ${file} (it has no cluster config)`)
      res.setHeader('Content-Type', contentType)
      res.setHeader('Cache-Control', 'no-cache')
      res.end(req.method === 'HEAD' ? undefined : bytes)
    }, next)
  })
}

/** The generated modules in one graph whose memo depends on `file` (the memo, its config, a place a config may appear). */
function modulesDependingOn(graph: ModuleGraphLike, setup: DevServerSetup, file: string): ModuleLike[] {
  const changed = path.resolve(file)
  return setup.store
    .loaded()
    .filter((memo) => memo.watchFiles.includes(changed))
    .flatMap((memo) => setup.modules.idsOf(memo.file))
    .flatMap((id) => graph.getModuleById(id) ?? [])
}

/**
 * Rebuilds memos when the memo, its config, or a config appearing where the
 * lookup would find it changes, through Vite's own HMR: a generated module has
 * no file, so Vite cannot map a changed config to it, and these hooks add the
 * memo's modules to the ones the change affects. Vite then invalidates them
 * and tells the page (an update, or a full reload), and every plugin after
 * mwpack sees them, as frameworks need: Astro reloads a page whose
 * server-rendered modules changed. Vite logs the file that changed, never a
 * module id.
 *
 * `hotUpdate` (Vite 6+) runs per environment for created, changed and
 * deleted files; `handleHotUpdate` (Vite 5) only for changed ones, so
 * {@link reloadOnCreateOrDelete} does the rest there.
 */
export function hotUpdateHooks(setup: DevServerSetup): Pick<VitePlugin, 'hotUpdate' | 'handleHotUpdate'> {
  const withOurs = (graph: ModuleGraphLike, file: string, modules: readonly ModuleLike[]) => {
    const ours = modulesDependingOn(graph, setup, file).filter((m) => !modules.includes(m))
    return ours.length === 0 ? undefined : [...modules, ...ours]
  }
  return {
    hotUpdate(options) {
      return withOurs(this.environment.moduleGraph as unknown as ModuleGraphLike, options.file, options.modules) as typeof options.modules | undefined
    },
    handleHotUpdate(context) {
      return withOurs(context.server.moduleGraph as unknown as ModuleGraphLike, context.file, context.modules) as typeof context.modules | undefined
    },
  }
}

/**
 * Vite 5 runs no plugin hook when a file is created or deleted, so there
 * mwpack invalidates the memo's modules itself and reloads the page, logging
 * the file as Vite does. Vite 6+ do it through `hotUpdate`.
 */
export function reloadOnCreateOrDelete(server: ViteDevServer, setup: DevServerSetup): void {
  if ((server as { environments?: unknown }).environments) return
  const onEvent = (file: string) => {
    const ours = modulesDependingOn(server.moduleGraph as unknown as ModuleGraphLike, setup, file)
    if (ours.length === 0) return
    const graph = server.moduleGraph as unknown as ModuleGraphLike
    const seen = new Set<ModuleLike>()
    for (const mod of ours) graph.invalidateModule(mod, seen, Date.now(), true)
    server.config.logger.info(`page reload ${setup.store.display(file)}`, { clear: true, timestamp: true })
    ;(server as unknown as { hot: { send(payload: { type: 'full-reload'; path: string }): void } }).hot.send({ type: 'full-reload', path: '*' })
  }
  server.watcher.on('add', onEvent)
  server.watcher.on('unlink', onEvent)
}

/** Watches a memo's files outside the root, which Vite's watcher does not cover (places a config may appear included). */
export function watchMemoFiles(server: ViteDevServer, root: string, memo: LoadedMemo): void {
  const outside = memo.watchFiles.filter((file) => path.relative(root, file).startsWith('..') || path.isAbsolute(path.relative(root, file)))
  if (outside.length > 0) server.watcher.add(outside)
}
