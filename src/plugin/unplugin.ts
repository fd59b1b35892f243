// The bundler plugin: memo imports as modules, artifacts as assets, bundle.zip in generateBundle.
import * as path from 'node:path'
import type { EmittedAsset, PluginContext } from 'rollup'
import { createUnplugin, type UnpluginBuildContext, type UnpluginContext, type UnpluginFactory, type UnpluginMessage } from 'unplugin'
import type { Plugin as VitePlugin, ResolvedConfig, ViteDevServer } from 'vite'
import { zipBundle } from '../archive/zip-bundle.js'
import { BUNDLE_FILE, MANIFEST_FILE, MEMO_FILE, REPORT_FILE } from '../artifact-layout.js'
import { MwpackError, error, type Diagnostic } from '../diagnostics/diagnostic.js'
import { formatDiagnostic } from '../diagnostics/format-diagnostic.js'
import { renderMemoPage } from '../render/render-page.js'
import { jsonModule, memoModule, stringModule, type ArtifactUrls } from './generate-module.js'
import { MEMO_QUERY, parseMemoId } from './memo-id.js'
import { MemoStore, type LoadedMemo } from './memo-store.js'
import { resolveOptions, type Options } from './options.js'

/** The Rollup-family context behind unplugin's portable one: `emitFile` returns a reference, Vite adds `environment`. */
type BundlerContext = PluginContext & { environment?: { name: string; config: { consumer?: 'client' | 'server' } } }
type HookContext = UnpluginBuildContext & UnpluginContext
/** What generateBundle needs, typed structurally so one function serves Rollup, Rolldown and Vite. */
interface OutputContext {
  emitFile(asset: { type: 'asset'; fileName: string; source: Uint8Array }): string
  error(message: string): never
}
type OutputFiles = Record<string, { type: string; source?: string | Uint8Array }>

/** What one build (one Vite environment, one Rollup run) has emitted, by memo file. */
interface BuildState {
  emitted: Map<string, { folder: string; refs: Map<string, string> }>
  warned: Set<string>
  /** Memos that already failed this build: their other import forms stay quiet, so each error is told once. */
  failed: Set<string>
}

const CONTENT_TYPES: Record<string, string> = {
  [MEMO_FILE]: 'text/markdown; charset=utf-8',
  [REPORT_FILE]: 'application/json; charset=utf-8',
  [MANIFEST_FILE]: 'application/json; charset=utf-8',
  [BUNDLE_FILE]: 'application/zip',
}

export const unpluginFactory: UnpluginFactory<Options | undefined, false> = (rawOptions) => {
  const options = optionsOrThrow(rawOptions)
  let root = process.cwd()
  let base = '/'
  let serving = false
  const store = new MemoStore(options, () => root)
  const builds = new Map<string, BuildState>()

  const stateOf = (ctx: unknown): BuildState => {
    const key = (ctx as BundlerContext).environment?.name ?? 'build'
    let state = builds.get(key)
    if (!state) builds.set(key, (state = { emitted: new Map(), warned: new Set(), failed: new Set() }))
    return state
  }
  const folderOf = (memo: LoadedMemo) => `${options.outDir}/${memo.name}`
  const absolute = (file: string) => path.resolve(root, file)

  /** Fails the module with every diagnostic; the first error's place goes to `loc` for the overlay and code frame. */
  const fail = (ctx: HookContext, diagnostics: readonly Diagnostic[]): never => {
    const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0]!
    ctx.error(toMessage(first, diagnostics.map((d) => formatDiagnostic(d)).join('\n'), absolute, diagnostics))
    throw new MwpackError(diagnostics) // unreachable: error() throws; this tells TypeScript
  }

  /** Artifact URLs as JavaScript expressions; in a client build this emits the memo's assets, once. */
  const urlsFor = (ctx: HookContext, memo: LoadedMemo & { result: { ok: true } }): ArtifactUrls => {
    const bundler = ctx as unknown as BundlerContext
    const folder = folderOf(memo)
    const hasReport = memo.result.entries.has(REPORT_FILE)
    // Dev serves the artifacts itself (emitFile does nothing in serve mode), and a server-side build
    // must point at where the client build puts them: both use plain URLs under the base.
    if (serving || bundler.environment?.config.consumer === 'server') {
      const url = (file: string) => JSON.stringify(`${base}${folder}/${file}`)
      return { memo: url(MEMO_FILE), report: hasReport ? url(REPORT_FILE) : null, manifest: url(MANIFEST_FILE), bundle: url(BUNDLE_FILE) }
    }
    const state = stateOf(ctx)
    let emitted = state.emitted.get(memo.file)
    if (!emitted) {
      const refs = new Map<string, string>()
      for (const [file, bytes] of memo.result.entries) {
        const asset: EmittedAsset = { type: 'asset', fileName: `${folder}/${file}`, source: bytes }
        refs.set(file, bundler.emitFile(asset))
      }
      state.emitted.set(memo.file, (emitted = { folder, refs }))
    }
    const url = (file: string) => `import.meta.ROLLUP_FILE_URL_${emitted.refs.get(file)}`
    return {
      memo: url(MEMO_FILE),
      report: hasReport ? url(REPORT_FILE) : null,
      manifest: url(MANIFEST_FILE),
      // bundle.zip is written in generateBundle, beside the manifest.
      bundle: `${url(MANIFEST_FILE)}.replace(/MANIFEST\\.json$/, ${JSON.stringify(BUNDLE_FILE)})`,
    }
  }

  /** Builds each emitted memo's bundle.zip from the assets as they stand in the output. */
  async function generateBundle(this: OutputContext, _output: unknown, bundle: OutputFiles): Promise<void> {
    const state = stateOf(this)
    for (const { folder } of state.emitted.values()) {
      const entries = []
      for (const file of [MEMO_FILE, REPORT_FILE, MANIFEST_FILE]) {
        const asset = bundle[`${folder}/${file}`]
        if (asset?.type === 'asset' && asset.source !== undefined)
          entries.push({ path: file, bytes: typeof asset.source === 'string' ? new Uint8Array(Buffer.from(asset.source)) : asset.source })
      }
      if (!entries.some((e) => e.path === MANIFEST_FILE)) this.error(`mwpack: ${folder}/${MANIFEST_FILE} disappeared from the bundle before the zip was built`)
      this.emitFile({ type: 'asset', fileName: `${folder}/${BUNDLE_FILE}`, source: await zipBundle(entries, options.sourceDateEpoch) })
    }
    state.emitted.clear()
  }

  const vite: Partial<VitePlugin> = {
    configResolved(config: ResolvedConfig) {
      root = config.root
      base = config.base.endsWith('/') ? config.base : `${config.base}/`
      serving = config.command === 'serve'
    },
    configureServer(server: ViteDevServer) {
      server.middlewares.use((req, res, next) => {
        const pathname = (req.url ?? '').split('?')[0] ?? ''
        const prefix = `${base}${options.outDir}/`
        if (!pathname.startsWith(prefix)) return next()
        const [name, file, ...rest] = decodeURIComponent(pathname.slice(prefix.length)).split('/')
        const known = name ? store.byName(name) : undefined
        // The folder is mwpack's in the build output, so it is mwpack's to answer for here too.
        if (!known || !file || rest.length > 0 || !CONTENT_TYPES[file]) {
          res.statusCode = 404
          res.setHeader('Content-Type', 'text/plain; charset=utf-8')
          res.end(
            known
              ? `mwpack: ${name} has no artifact ${JSON.stringify(file ?? '')}`
              : `mwpack: no memo named ${JSON.stringify(name ?? '')} has been imported yet`,
          )
          return
        }
        const memo = store.load(known.file)
        if (!memo.result.ok) {
          res.statusCode = 500
          res.setHeader('Content-Type', 'text/plain; charset=utf-8')
          res.end(memo.result.diagnostics.map((d) => formatDiagnostic(d)).join('\n'))
          return
        }
        const entries = memo.result.entries
        const bytes =
          file === BUNDLE_FILE
            ? zipBundle(
                [...entries].map(([p, b]) => ({ path: p, bytes: b })),
                options.sourceDateEpoch,
              )
            : Promise.resolve(entries.get(file))
        bytes.then((body) => {
          if (!body) return next()
          res.setHeader('Content-Type', CONTENT_TYPES[file]!)
          res.setHeader('Cache-Control', 'no-cache')
          res.end(body)
        }, next)
      })
    },
    generateBundle: { order: 'post', handler: generateBundle },
  }

  return {
    name: 'mwpack',
    enforce: 'pre',

    buildStart() {
      const state = stateOf(this)
      state.emitted.clear()
      state.warned.clear()
      state.failed.clear()
    },

    // Plain Rollup cannot resolve `./5mw.memo.md?report`: resolve the path, then put the query back.
    // (Vite and Rolldown resolve it themselves; this agrees with them.)
    resolveId: {
      filter: { id: MEMO_QUERY },
      async handler(id, importer) {
        const q = id.indexOf('?')
        if (!options.include.test(id.slice(0, q))) return null
        const resolved = await (this as unknown as BundlerContext).resolve(id.slice(0, q), importer, { skipSelf: true })
        return resolved && !resolved.external ? `${resolved.id}${id.slice(q)}` : null
      },
    },

    load: {
      filter: { id: /\.(?:md|markdown)(?:\?.*)?$/i },
      handler(id) {
        const parsed = parseMemoId(id, options.include)
        if (!parsed) return null
        const memo = store.load(parsed.file)
        for (const file of memo.watchFiles) this.addWatchFile(file)
        const state = stateOf(this)
        if (!memo.result.ok) {
          // A build stops at its errors anyway; the dev server needs every failing request to say why.
          if (!serving && state.failed.has(memo.file)) return { code: 'export default undefined\n', map: { mappings: '' } }
          state.failed.add(memo.file)
          return fail(this, memo.result.diagnostics)
        }

        const namesakes = store.namesakes(memo)
        if (namesakes.length > 0) {
          return fail(this, [
            error(
              'MWP_NAME_INVALID',
              `two memos are named "${memo.name}": ${[memo.file, ...namesakes].map((f) => store.display(f)).join(' and ')}; their artifacts would both go to ${folderOf(memo)}/`,
              {
                file: store.display(memo.file),
                hint: 'rename one of them',
              },
            ),
          ])
        }
        for (const w of memo.result.warnings) {
          const key = `${memo.file}\n${formatDiagnostic(w)}`
          if (state.warned.has(key)) continue
          state.warned.add(key)
          this.warn(toMessage(w, formatDiagnostic(w), absolute))
        }

        const { prepared, manifest } = memo.result
        let code: string
        switch (parsed.kind) {
          case 'report':
            if (!prepared.report) return fail(this, [store.missingConfig(memo)])
            code = jsonModule(prepared.report)
            break
          case 'manifest':
            code = jsonModule(manifest)
            break
          case 'memo':
            code = stringModule(prepared.markdown)
            break
          case 'html':
            code = stringModule(renderMemoPage({ markdown: prepared.markdown, report: prepared.report, manifest, markdownMap: prepared.markdownMap }))
            break
          case 'module':
            code = memoModule(
              { name: memo.name, markdown: prepared.markdown, report: prepared.report, manifest },
              urlsFor(this, memo as LoadedMemo & { result: { ok: true } }),
            )
            break
        }
        // Report and manifest imports reference no assets; emit them anyway so every imported memo ships its bundle.
        if (parsed.kind !== 'module' && !serving) urlsFor(this, memo as LoadedMemo & { result: { ok: true } })
        return { code, map: { mappings: '' } }
      },
    },

    // Vite records watch files added in `load` only for modules it already knows, and a module
    // is first created after its load: a first visit would miss cluster.json edits. Files added
    // in `transform` reach Vite's import analysis, which puts them in the module graph for HMR.
    transform: {
      filter: { id: /\.(?:md|markdown)(?:\?.*)?$/i },
      handler(_code, id) {
        const parsed = parseMemoId(id, options.include)
        if (parsed) for (const file of store.peek(parsed.file)?.watchFiles ?? []) this.addWatchFile(file)
        return null
      },
    },

    vite,
    rollup: { generateBundle },
    rolldown: { generateBundle },
  }
}

/**
 * A diagnostic as a bundler message: `loc` is absolute with a 0-based column
 * (the Rollup convention), and the data rides in `meta.mwpack`. Not in
 * `pluginCode`: Vite returns such errors untouched, without the code frame it
 * otherwise reads from `loc.file` for the overlay.
 */
function toMessage(d: Diagnostic, message: string, absolute: (file: string) => string, all: readonly Diagnostic[] = [d]): UnpluginMessage {
  return {
    message,
    meta: { mwpack: { code: d.code, diagnostics: all } },
    ...(d.file && d.position ? { loc: { file: absolute(d.file), line: d.position.line, column: d.position.column - 1 } } : {}),
  }
}

function optionsOrThrow(options: Options | undefined) {
  try {
    return resolveOptions(options)
  } catch (e) {
    if (e instanceof MwpackError) throw new Error(e.diagnostics.map((d) => formatDiagnostic(d)).join('\n'))
    throw e
  }
}

/** The plugin for every bundler mwpack supports; the entry points pick one. */
export const mwpack = /* @__PURE__ */ createUnplugin(unpluginFactory)
