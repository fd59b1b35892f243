// The dev server side: artifact URLs answered from memory, and memos rebuilt when their files change.
import * as path from 'node:path'
import type { ViteDevServer } from 'vite'
import { BUNDLE_FILE, MANIFEST_FILE, MEMO_FILE, REPORT_FILE } from '../artifact-layout.js'
import { formatDiagnostic } from '../diagnostics/format-diagnostic.js'
import type { MemoStore } from './memo-store.js'
import { virtualMemoId, type MemoImportKind } from './memo-id.js'
import { viteAllowsLoading, type ViteFsConfig } from './vite-fs-access.js'

const CONTENT_TYPES: ReadonlyMap<string, string> = new Map([
  [MEMO_FILE, 'text/markdown; charset=utf-8'],
  [REPORT_FILE, 'application/json; charset=utf-8'],
  [MANIFEST_FILE, 'application/json; charset=utf-8'],
  [BUNDLE_FILE, 'application/zip'],
])

const KINDS: readonly MemoImportKind[] = ['module', 'report', 'manifest', 'memo', 'html']

/** What Vite 5 keeps on the server and Vite 6 moved to the config (`fsDenyGlob`). */
type Server = ViteDevServer & { _fsDenyGlob?: (file: string) => boolean }

export interface DevServerSetup {
  store: MemoStore
  outDir: string
  base: () => string
  root: () => string
}

/** True when the dev server lets a browser load this file, by Vite's `server.fs` rule. */
export function browserMayLoad(server: ViteDevServer, file: string): boolean {
  return viteAllowsLoading(server.config as unknown as ViteFsConfig, (server as Server)._fsDenyGlob, file)
}

/**
 * Serves `BASE/OUTDIR/NAME/FILE` for memos the app imported, as the built
 * site will. The folder is mwpack's in the build output, so it is mwpack's to
 * answer for here too: unknown names and files are 404, a malformed URL is 400,
 * and a memo or config Vite would not serve (`server.fs`) is 403, as Vite
 * answers for its own files.
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
    let segments: string[]
    try {
      segments = pathname.slice(prefix.length).split('/').map(decodeURIComponent)
    } catch {
      return answer(400, `${JSON.stringify(pathname)} is not a well-formed URL path (a % must start a percent-encoded UTF-8 byte)`)
    }
    const [name, file, ...rest] = segments
    const known = name ? store.byName(name) : undefined
    if (!known) return answer(404, `no memo named ${JSON.stringify(name ?? '')} has been imported yet`)
    const contentType = file !== undefined && rest.length === 0 ? CONTENT_TYPES.get(file) : undefined
    if (!contentType) return answer(404, `${name} has no artifact ${JSON.stringify(segments.slice(1).join('/'))}`)
    if (![known.file, ...(known.configFile ? [known.configFile] : [])].every((f) => browserMayLoad(server, f))) {
      return answer(403, `${store.display(known.file)} is outside the files this dev server may serve (server.fs.allow)`)
    }
    const memo = store.load(known.file)
    if (!memo.result.ok) return answer(500, memo.result.diagnostics.map((d) => formatDiagnostic(d)).join('\n'))
    const prepared = memo as typeof memo & { result: { ok: true } }
    const body = file === BUNDLE_FILE ? store.bundle(prepared) : Promise.resolve(prepared.result.entries.get(file!))
    body.then((bytes) => {
      if (!bytes) return answer(404, `${name} has no ${file} (it has no cluster config)`)
      res.setHeader('Content-Type', contentType)
      res.setHeader('Cache-Control', 'no-cache')
      res.end(bytes)
    }, next)
  })
}

/**
 * Rebuilds memos when the memo, its config, or a config appearing where the
 * lookup would find it changes. Vite's own HMR knows files through modules, and
 * a generated module has no file, so mwpack watches the files itself and
 * invalidates the generated modules in every environment (client and SSR),
 * reloading them in the browser.
 */
export function rebuildOnChange(server: ViteDevServer, setup: DevServerSetup): (files: readonly string[]) => void {
  const { store } = setup
  const onEvent = (file: string) => {
    const memos = store.dependingOn(path.resolve(file))
    if (memos.length === 0) return
    const ids = memos.flatMap((memo) => KINDS.map((kind) => virtualMemoId(path.relative(setup.root(), memo.file).split(path.sep).join('/'), kind)))
    const environments = (server as { environments?: Record<string, DevEnvironmentLike> }).environments
    if (environments) {
      for (const environment of Object.values(environments)) {
        for (const id of ids) {
          const mod = environment.moduleGraph.getModuleById(id)
          if (!mod) continue
          environment.moduleGraph.invalidateModule(mod)
          void environment.reloadModule?.(mod)
        }
      }
    } else {
      for (const id of ids) {
        const mod = server.moduleGraph.getModuleById(id)
        if (!mod) continue
        server.moduleGraph.invalidateModule(mod)
        void server.reloadModule(mod)
      }
    }
  }
  server.watcher.on('add', onEvent)
  server.watcher.on('change', onEvent)
  server.watcher.on('unlink', onEvent)
  return (files) => server.watcher.add([...files])
}

interface DevEnvironmentLike {
  moduleGraph: { getModuleById(id: string): object | undefined; invalidateModule(mod: object): void }
  reloadModule?(mod: object): Promise<void>
}
