// The plugin's view of the memos on disk: reads, prepares and caches each memo with its config.
import { createHash } from 'node:crypto'
import * as path from 'node:path'
import type { ClusterReport } from '../cluster/size-cluster.js'
import { error, type Diagnostic } from '../diagnostics/diagnostic.js'
import type { Manifest } from '../manifest/build-manifest.js'
import { nameFromMemoPath } from '../memo/memo-name.js'
import { exists, readSource } from '../node/read-source.js'
import { artifactEntries } from '../pipeline/assemble-artifacts.js'
import { zipBundle } from '../archive/zip-bundle.js'
import { locateConfig } from '../pipeline/config-lookup.js'
import { prepareMemo, type PreparedMemo, type SourceFile } from '../pipeline/prepare-memo.js'
import type { CachedMemo } from './cache-entry.js'
import type { MemoCache } from './memo-cache.js'
import { show, type ResolvedOptions } from './options.js'

/** How plugin messages name the way to give a config: the plugin's option, never a CLI flag. */
const PLUGIN_CONFIG_OPTION = "the plugin's `config` option"

/** What a memo's modules export, whether prepared in this build or read from the cache. */
export interface MemoContent {
  name: string
  /** The bundle's memo.md. */
  markdown: string
  report: ClusterReport | undefined
  /** Source map from `markdown` to the memo as written (see PreparedMemo); made on first read, as only ?html pages use it. */
  readonly markdownMap: string | undefined
}

export interface LoadedMemo {
  /** Absolute path of the memo. */
  file: string
  name: string
  /** Absolute path of the config in use, if any. */
  configFile: string | undefined
  /**
   * Every file whose change should rebuild this memo: the memo, its config,
   * and each place a config that would win over it may appear (all places
   * looked in when there is none).
   */
  watchFiles: string[]
  /** The places in `watchFiles` where a config that would win may appear but none is yet (absolute). */
  configMayAppear: string[]
  /** Where a config was looked for, relative to the root, for "no config" messages. */
  lookedFor: string[]
  result:
    { ok: true; prepared: MemoContent; manifest: Manifest; entries: Map<string, Uint8Array>; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] }
}

interface CacheEntry {
  /** A digest of the memo's and config's bytes as last read: the bytes themselves need not stay in memory. */
  inputs: string
  configFile: string | undefined
  loaded: LoadedMemo
}

/**
 * Every import form of a memo (`?report`, `?manifest`, the memo object) asks
 * for the same prepared memo; the store prepares it once per content and
 * reuses it until the memo or its config changes on disk.
 */
export class MemoStore {
  private readonly cache = new Map<string, CacheEntry>()
  /** Memo files by artifact name, in the order they were first loaded. */
  private readonly names = new Map<string, Set<string>>()
  /** Each prepared memo's bundle.zip (by its entries), built once per content. */
  private readonly bundles = new WeakMap<Map<string, Uint8Array>, Promise<Uint8Array>>()

  constructor(
    private readonly options: ResolvedOptions,
    private readonly root: () => string,
    /** The build cache, once the bundler has said where it goes; undefined when it is off. */
    private readonly diskCache: () => MemoCache | undefined = () => undefined,
  ) {}

  /**
   * The path as messages show it: relative to the project root with forward
   * slashes, `../` included for files beside it, so no message holds the
   * machine's folders; absolute only on another drive, where no relative path exists.
   */
  display(file: string): string {
    const relative = path.relative(this.root(), file)
    return (relative === '' || path.isAbsolute(relative) ? file : relative).split(path.sep).join('/')
  }

  load(file: string): LoadedMemo {
    const name = nameFromMemoPath(file)
    const { configFile, lookedFor, lookedForAbsolute, problem } = this.findConfig(file)
    const memoRead = readSource(this.display(file), file, 'memo')
    const configRead = configFile ? readSource(this.display(configFile), configFile, 'cluster config') : undefined
    const inputs = inputsDigest(memoRead.ok ? memoRead.source.bytes : undefined, configRead?.ok ? configRead.source.bytes : undefined)

    const cached = this.cache.get(file)
    if (!problem && cached && cached.configFile === configFile && cached.inputs === inputs) {
      return cached.loaded
    }

    // A config found by the lookup is beaten by any that appears earlier in it (5mw.cluster.json over cluster.json).
    const mayWin =
      configFile && lookedForAbsolute.includes(configFile)
        ? lookedForAbsolute.slice(0, lookedForAbsolute.indexOf(configFile))
        : configFile
          ? []
          : lookedForAbsolute
    const watchFiles = [file, ...mayWin, ...(configFile ? [configFile] : [])]
    const base = { file, name, configFile, watchFiles, configMayAppear: mayWin, lookedFor }
    let loaded: LoadedMemo
    if (problem) loaded = { ...base, result: { ok: false, diagnostics: [problem] } }
    else if (!memoRead.ok || (configRead && !configRead.ok)) {
      const diagnostics = [memoRead, configRead].flatMap((r) => (r && !r.ok ? [r.diagnostic] : []))
      loaded = { ...base, result: { ok: false, diagnostics } }
    } else {
      const config: SourceFile | undefined = configRead?.ok ? configRead.source : undefined
      loaded = { ...base, result: this.prepare(memoRead.source, config, name) }
    }
    this.cache.set(file, { inputs, configFile, loaded })
    const named = this.names.get(nameKey(name)) ?? new Set<string>()
    this.names.set(nameKey(name), named.add(file))
    return loaded
  }

  /**
   * A memo's content, manifest and entries: from the build cache when an
   * entry for exactly these inputs is there (no parsing, sizing or zipping),
   * else prepared, and then written to the cache with its bundle.zip.
   */
  private prepare(memo: SourceFile, config: SourceFile | undefined, name: string): LoadedMemo['result'] {
    const { strict, sourceDateEpoch } = this.options
    const prepare = () => prepareMemo({ memo, config, name, strict, configOption: PLUGIN_CONFIG_OPTION })
    const disk = this.diskCache()
    const key = disk?.key({ memoFile: memo.file, memoBytes: memo.bytes, configFile: config?.file, configBytes: config?.bytes, name, strict, sourceDateEpoch })
    const hit = disk && key ? disk.read(memo.file, key) : undefined
    if (hit) {
      let markdownMap: { map: string | undefined } | undefined
      const content: MemoContent = {
        name,
        markdown: hit.markdown,
        report: hit.reportJson === null ? undefined : (JSON.parse(hit.reportJson) as ClusterReport),
        // The cache keeps no source map (only ?html pages use one): a page asks the pipeline again.
        get markdownMap() {
          markdownMap ??= { map: ((p) => (p.ok ? p.value.markdownMap : undefined))(prepare()) }
          return markdownMap.map
        },
      }
      const result = { ok: true as const, prepared: content, manifest: JSON.parse(hit.manifestJson) as Manifest, entries: hit.entries, warnings: hit.warnings }
      this.bundles.set(result.entries, Promise.resolve(hit.bundle))
      return result
    }
    const prepared = prepare()
    if (!prepared.ok) return { ok: false, diagnostics: prepared.diagnostics }
    const { manifest, entries } = artifactEntries(prepared.value, sourceDateEpoch)
    const result = { ok: true as const, prepared: contentOf(prepared.value), manifest, entries, warnings: prepared.value.diagnostics }
    if (disk && key) {
      const bundle = this.zip(entries)
      const cached = bundle.then((zip): CachedMemo => ({
        markdown: prepared.value.markdown,
        reportJson: prepared.value.report ? JSON.stringify(prepared.value.report) : null,
        manifestJson: JSON.stringify(manifest),
        warnings: prepared.value.diagnostics,
        entries,
        bundle: zip,
      }))
      disk.write(memo.file, key, cached)
    }
    return result
  }

  /** Waits for the cache entries being written (a build calls it as it ends). */
  async flush(): Promise<void> {
    await this.diskCache()?.flush()
  }

  /** The memo's bundle.zip: the deterministic zip of its entries, the same bytes as `mwpack build` writes. */
  bundle(memo: LoadedMemo & { result: { ok: true } }): Promise<Uint8Array> {
    return this.zip(memo.result.entries)
  }

  /** The zip of these entries, made from the bytes in memory, once. */
  private zip(entries: Map<string, Uint8Array>): Promise<Uint8Array> {
    let zip = this.bundles.get(entries)
    if (!zip) {
      zip = zipBundle(
        [...entries].map(([path, bytes]) => ({ path, bytes })),
        this.options.sourceDateEpoch,
      )
      this.bundles.set(entries, zip)
    }
    return zip
  }

  /** Every memo loaded so far, as last loaded. */
  loaded(): LoadedMemo[] {
    return [...this.cache.values()].map((entry) => entry.loaded)
  }

  /**
   * The memo loaded under exactly this artifact name that `inUse` counts (the
   * dev middleware serves by name, and only what a page imports), the most
   * recently loaded first.
   */
  byName(name: string, inUse: (file: string) => boolean): LoadedMemo | undefined {
    const files = [...(this.names.get(nameKey(name)) ?? [])].reverse()
    const file = files.find((f) => this.cache.get(f)?.loaded.name === name && inUse(f))
    return file ? this.cache.get(file)?.loaded : undefined
  }

  /**
   * Other memos in use under the same name, still on disk: their artifact
   * folders would be one. Names equal but for case count too, because they are
   * one folder on the case-insensitive file systems of macOS and Windows.
   */
  namesakes(memo: LoadedMemo, inUse: (file: string) => boolean): LoadedMemo[] {
    return [...(this.names.get(nameKey(memo.name)) ?? [])]
      .filter((file) => file !== memo.file && inUse(file) && exists(file))
      .flatMap((file) => this.cache.get(file)?.loaded ?? [])
  }

  /** The error for a memo sharing its artifact folder `folder` with another in use (a name equal, or equal but for case). */
  namesakeProblems(memo: LoadedMemo, inUse: (file: string) => boolean, folder: string): Diagnostic[] {
    const namesakes = this.namesakes(memo, inUse)
    if (namesakes.length === 0) return []
    const files = [memo, ...namesakes].map((m) => this.display(m.file)).join(' and ')
    const names = [...new Set([memo, ...namesakes].map((m) => `"${m.name}"`))]
    const message =
      names.length === 1
        ? `two memos are named ${names[0]}: ${files}; their artifacts would both go to ${folder}/`
        : `two memos are named ${names.join(' and ')}, which differ only in case: ${files}; on a case-insensitive file system (macOS, Windows) their artifacts would share ${folder}/`
    return [error('MWP_NAME_INVALID', message, { file: this.display(memo.file), hint: 'rename one of them' })]
  }

  /** The "no config" error for `?report`, naming every place looked in. */
  missingConfig(memo: LoadedMemo): Diagnostic {
    return error('MWP_CONFIG_NOT_FOUND', `${this.display(memo.file)} has no cluster config, so it has no report: looked for ${memo.lookedFor.join(' and ')}`, {
      file: this.display(memo.file),
      hint: `add one of those files, or name one with ${PLUGIN_CONFIG_OPTION}`,
    })
  }

  /**
   * The config lookup, with the plugin's `config` option first. A function
   * option is the user's code: what it returns is checked (a path or
   * undefined) and what it throws is reported, both naming the option.
   */
  private findConfig(file: string): { configFile: string | undefined; lookedFor: string[]; lookedForAbsolute: string[]; problem?: Diagnostic } {
    let named: unknown
    try {
      named = this.options.config?.(file)
    } catch (e) {
      const problem = error('MWP_ARG_INVALID', `${PLUGIN_CONFIG_OPTION} threw for ${this.display(file)}: ${e instanceof Error ? e.message : String(e)}`, {
        file: this.display(file),
      })
      return { configFile: undefined, lookedFor: [], lookedForAbsolute: [], problem }
    }
    if (named !== undefined && (typeof named !== 'string' || named === '' || named.includes('\0'))) {
      const problem = error('MWP_ARG_INVALID', `${PLUGIN_CONFIG_OPTION} returned ${show(named)} for ${this.display(file)}`, {
        file: this.display(file),
        hint: 'return a config path (a non-empty string, relative to the project root) or undefined for the usual lookup',
      })
      return { configFile: undefined, lookedFor: [], lookedForAbsolute: [], problem }
    }
    const lookup = locateConfig(file, named === undefined ? undefined : path.resolve(this.root(), named), exists)
    return { configFile: lookup.config, lookedFor: lookup.lookedFor.map((c) => this.display(c)), lookedForAbsolute: lookup.lookedFor }
  }
}

/** Artifact names compare without case: `Foo/` and `foo/` are one folder on case-insensitive file systems. */
function nameKey(name: string): string {
  return name.toLowerCase()
}

/** SHA-256 over the memo's and the config's bytes, each length-prefixed (an unread file counts as none). */
function inputsDigest(memo: Uint8Array | undefined, config: Uint8Array | undefined): string {
  const hash = createHash('sha256')
  for (const bytes of [memo, config]) {
    hash.update(bytes === undefined ? '-1:' : `${bytes.length}:`)
    if (bytes) hash.update(bytes)
  }
  return hash.digest('hex')
}

/**
 * What a build keeps of a prepared memo once its artifacts exist: not the
 * inputs' text (the manifest holds their hashes). The lazy source map moves
 * over as the same getter, which keeps only the resolved memo alive.
 */
function contentOf(prepared: PreparedMemo): MemoContent {
  const content = { name: prepared.name, markdown: prepared.markdown, report: prepared.report }
  return Object.defineProperty(content, 'markdownMap', Object.getOwnPropertyDescriptor(prepared, 'markdownMap')!) as MemoContent
}
