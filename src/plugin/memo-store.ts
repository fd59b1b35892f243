// The plugin's view of the memos on disk: reads, prepares and caches each memo with its config.
import { createHash } from 'node:crypto'
import * as path from 'node:path'
import { error, MwpackError, type Diagnostic } from '../diagnostics/diagnostic.js'
import { nameFromMemoPath } from '../memo/memo-name.js'
import { exists, readSource } from '../node/read-source.js'
import { artifactEntries } from '../pipeline/assemble-artifacts.js'
import { zipBundle } from '../archive/zip-bundle.js'
import { locateConfig } from '../pipeline/config-lookup.js'
import { configSizings } from '../pipeline/config-sizings.js'
import { prepareMemo, type PreparedMemo as PreparedMemoValue, type SourceFile } from '../pipeline/prepare-memo.js'
import { BUNDLE_FILE, REPORT_FILE } from '../artifact-layout.js'
import type { CachedMemo } from './cache-entry.js'
import type { CacheInputs, MemoCache } from './memo-cache.js'
import { bytesOf, folderFiles, outputsFromFiles, RecentOutputs, type MemoOutputs } from './memo-outputs.js'
import { show, type ResolvedOptions } from './options.js'

/** How plugin messages name the way to give a config: the plugin's option, never a CLI flag. */
const PLUGIN_CONFIG_OPTION = "the plugin's `config` option"

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
  /**
   * What a build needs to know of a prepared memo without its bytes: whether
   * it has a report, its artifact folder's file names in order, its warnings.
   * The outputs themselves come from {@link MemoStore.outputs}.
   */
  result: { ok: true; hasReport: boolean; files: readonly string[]; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] }
}

export type PreparedMemo = LoadedMemo & { result: { ok: true } }

/** What the store keeps of a memo between uses: a digest of its inputs, never their bytes, and the outputs' bytes only without a build cache. */
interface Held {
  /** A digest of the memo's and config's bytes as last read (see {@link inputsDigest}). */
  inputs: string
  configFile: string | undefined
  loaded: LoadedMemo
  /** The build cache key its outputs were written under, when the cache is on. */
  key: string | undefined
  /** The artifact folder's bytes, kept only when no build cache holds them (`cache: false`). */
  files: Promise<Map<string, Uint8Array>> | undefined
}

/**
 * How many bytes of memos' files stay in memory after use (see {@link RecentOutputs}):
 * about 1,800 flagship memos (36 KB of files each), or 850 memos of 35 KB (77 KB of files each); a larger site reads the rest back from its cache.
 */
const RECENT_BYTES = 64 * 1024 * 1024

/**
 * Every import form of a memo (`?report`, `?manifest`, the memo object) asks
 * for the same prepared memo; the store prepares it once per content and
 * reuses it until the memo or its config changes on disk.
 *
 * Memory stays flat in the number of memos: once a memo is prepared and its
 * cache entry written, the store keeps its names and a digest of its inputs;
 * its outputs are read back from the build cache when asked for again (the
 * artifact folder's files give every module value), and made again from the
 * files on disk when no entry is there. Without a cache the folder's bytes stay.
 */
export class MemoStore {
  private readonly held = new Map<string, Held>()
  /** What the store knows of each memo it handed out, current or replaced since (builds keep them to the end). */
  private readonly heldFor = new WeakMap<LoadedMemo, Held>()
  /** Memo files by artifact name, in the order they were first loaded. */
  private readonly names = new Map<string, Set<string>>()
  private readonly recent: RecentOutputs<LoadedMemo>
  /** Memos sharing a config's bytes share its sizing, in a build and across a dev session's rebuilds. */
  private readonly sizeConfig = configSizings()

  constructor(
    private readonly options: ResolvedOptions,
    private readonly root: () => string,
    /** The build cache, once the bundler has said where it goes; undefined when it is off. */
    private readonly diskCache: () => MemoCache | undefined = () => undefined,
    /** The budget of outputs held after use, in bytes of their files. */
    recentBytes = RECENT_BYTES,
  ) {
    this.recent = new RecentOutputs<LoadedMemo>(recentBytes)
  }

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
    const { memoRead, configRead, inputs } = this.readInputs(file, configFile)

    const cached = this.held.get(file)
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
    let held: Held
    if (problem) held = { inputs, configFile, key: undefined, files: undefined, loaded: { ...base, result: { ok: false, diagnostics: [problem] } } }
    else if (!memoRead.ok || (configRead && !configRead.ok)) {
      const diagnostics = [memoRead, configRead].flatMap((r) => (r && !r.ok ? [r.diagnostic] : []))
      held = { inputs, configFile, key: undefined, files: undefined, loaded: { ...base, result: { ok: false, diagnostics } } }
    } else {
      const config: SourceFile | undefined = configRead?.ok ? configRead.source : undefined
      const made = this.prepare(memoRead.source, config, name, { file, configFile, inputs })
      held = { inputs, configFile, key: made.key, files: made.files, loaded: { ...base, result: made.result } }
      if (made.outputs) this.recent.set(held.loaded, made.outputs, made.bytesKnown)
    }
    const replaced = this.held.get(file)
    if (replaced) this.recent.delete(replaced.loaded)
    this.held.set(file, held)
    this.heldFor.set(held.loaded, held)
    const named = this.names.get(nameKey(name)) ?? new Set<string>()
    this.names.set(nameKey(name), named.add(file))
    return held.loaded
  }

  /**
   * A memo's outputs: from the build cache when an entry for exactly these
   * inputs is there (no parsing, sizing or zipping), else prepared, and then
   * written to the cache with its bundle.zip.
   */
  private prepare(
    memo: SourceFile,
    config: SourceFile | undefined,
    name: string,
    /** Where the memo and config are, and the digest of the bytes read: a source map asked for later is made from them again. */
    at: { file: string; configFile: string | undefined; inputs: string },
  ): {
    result: LoadedMemo['result']
    outputs?: Promise<MemoOutputs>
    /** The bytes the outputs hold before they settle (see RecentOutputs.set). */
    bytesKnown?: number
    key?: string
    files?: Promise<Map<string, Uint8Array>>
  } {
    const disk = this.diskCache()
    const key = disk?.key(this.cacheInputs(memo, config, name))
    const hit = disk && key ? disk.read(memo.file, key) : undefined
    if (hit) {
      const files = folderFiles(hit.entries, hit.bundle)
      const result = { ok: true as const, hasReport: hit.entries.has(REPORT_FILE), files: [...files.keys()], warnings: hit.warnings }
      // The entry keeps no source map (only ?html pages use one): a page asks the pipeline again, reading the files anew.
      return {
        result,
        key,
        outputs: Promise.resolve(outputsFromFiles(name, files, () => this.prepareAgain(at.file, at.configFile, name, at.inputs).markdownMap)),
        bytesKnown: bytesOf(files),
      }
    }
    const prepared = this.runPipeline(memo, config, name)
    if (!prepared.ok) return { result: { ok: false, diagnostics: prepared.diagnostics } }
    const { manifest, entries } = artifactEntries(prepared.value, this.options.sourceDateEpoch)
    const zip = this.zip(entries)
    const files = zip.then((bundle) => folderFiles(entries, bundle))
    const content = prepared.value
    const result = {
      ok: true as const,
      hasReport: content.report !== undefined,
      files: [...entries.keys(), BUNDLE_FILE],
      warnings: content.diagnostics,
    }
    // The source map is made only if a page asks (the pipeline's lazy getter); while the outputs are held they keep the
    // prepared memo alive, its inputs' text included, which the byte budget does not count.
    const outputs = files.then((f): MemoOutputs => ({
      name,
      markdown: content.markdown,
      report: content.report,
      manifest,
      files: f,
      markdownMap: () => content.markdownMap,
    }))
    // The entries are the bytes known before the zip is made (the zip is about as much again, compressed).
    const bytesKnown = bytesOf(entries)
    if (!disk || !key) return { result, outputs, files, bytesKnown }
    const cached = zip.then((bundle): CachedMemo => ({ warnings: content.diagnostics, entries, bundle }))
    disk.write(memo.file, key, cached)
    return { result, outputs, key, bytesKnown }
  }

  /**
   * What a prepared memo's modules export and its artifact folder holds: kept
   * at hand for the last few memos used; else read back from this build's
   * cache entry, checked as any entry is; else made again from the memo and
   * config on disk, which must still be the bytes it was made from.
   * Rejects when they changed since (the build that loaded it is then out of date).
   */
  outputs(memo: PreparedMemo): Promise<MemoOutputs> {
    const recent = this.recent.get(memo)
    if (recent) return recent
    const held = this.heldFor.get(memo)
    if (!held) return Promise.reject(new Error(`mwpack: ${this.display(memo.file)} was not loaded by this plugin`))
    const outputs = this.readBack(memo, held)
    this.recent.set(memo, outputs)
    return outputs
  }

  private async readBack(memo: PreparedMemo, held: Held): Promise<MemoOutputs> {
    const display = this.display(memo.file)
    const mapAgain = () => this.prepareAgain(memo.file, held.configFile, memo.name, held.inputs).markdownMap
    if (held.files) return outputsFromFiles(memo.name, await held.files, mapAgain)
    const disk = this.diskCache()
    const hit = disk && held.key ? await disk.readBack(display, held.key) : undefined
    if (hit) return outputsFromFiles(memo.name, folderFiles(hit.entries, hit.bundle), mapAgain)
    // No entry (the write failed, or the folder was emptied): the pipeline again, on the same bytes.
    const again = this.prepareAgain(memo.file, held.configFile, memo.name, held.inputs)
    const { manifest, entries } = artifactEntries(again, this.options.sourceDateEpoch)
    const files = folderFiles(entries, await this.zip(entries))
    return { name: memo.name, markdown: again.markdown, report: again.report, manifest, files, markdownMap: () => again.markdownMap }
  }

  /** The pipeline run again on a memo and config that must still be the bytes whose digest is `inputs`. */
  private prepareAgain(file: string, configFile: string | undefined, name: string, inputs: string): PreparedMemoValue {
    const read = this.readInputs(file, configFile)
    const prepared =
      read.inputs === inputs && read.memoRead.ok && (!read.configRead || read.configRead.ok)
        ? this.runPipeline(read.memoRead.source, read.configRead?.ok ? read.configRead.source : undefined, name)
        : undefined
    if (!prepared?.ok) {
      const display = this.display(file)
      throw new MwpackError([
        error('MWP_FILE_CHANGED', `${display} changed while this build was using it`, {
          file: display,
          hint: 'build again; a build reads each memo once, and this one was read before the change',
        }),
      ])
    }
    return prepared.value
  }

  private runPipeline(memo: SourceFile, config: SourceFile | undefined, name: string) {
    const { strict } = this.options
    return prepareMemo({ memo, config, name, strict, configOption: PLUGIN_CONFIG_OPTION, sizeConfig: this.sizeConfig })
  }

  private cacheInputs(memo: SourceFile, config: SourceFile | undefined, name: string): CacheInputs {
    const { strict, sourceDateEpoch } = this.options
    return { memoFile: memo.file, memoBytes: memo.bytes, configFile: config?.file, configBytes: config?.bytes, name, strict, sourceDateEpoch }
  }

  /** The memo and config as they are on disk now, and the digest of their bytes. */
  private readInputs(file: string, configFile: string | undefined) {
    const memoRead = readSource(this.display(file), file, 'memo')
    const configRead = configFile ? readSource(this.display(configFile), configFile, 'cluster config') : undefined
    const inputs = inputsDigest(memoRead.ok ? memoRead.source.bytes : undefined, configRead?.ok ? configRead.source.bytes : undefined)
    return { memoRead, configRead, inputs }
  }

  /** Waits for the cache entries being written (a build calls it as it ends). */
  async flush(): Promise<void> {
    await this.diskCache()?.flush()
  }

  /** Removes the cache entries no build has used for a week (see {@link MemoCache.prune}). */
  pruneCache(): void {
    this.diskCache()?.prune()
  }

  /** The deterministic zip of these entries, the same bytes as `mwpack build` writes. */
  private zip(entries: Map<string, Uint8Array>): Promise<Uint8Array> {
    return zipBundle(
      [...entries].map(([path, bytes]) => ({ path, bytes })),
      this.options.sourceDateEpoch,
    )
  }

  /** Every memo loaded so far, as last loaded. */
  loaded(): LoadedMemo[] {
    return [...this.held.values()].map((entry) => entry.loaded)
  }

  /**
   * The memo loaded under exactly this artifact name that `inUse` counts (the
   * dev middleware serves by name, and only what a page imports), the most
   * recently loaded first.
   */
  byName(name: string, inUse: (file: string) => boolean): LoadedMemo | undefined {
    const files = [...(this.names.get(nameKey(name)) ?? [])].reverse()
    const file = files.find((f) => this.held.get(f)?.loaded.name === name && inUse(f))
    return file ? this.held.get(file)?.loaded : undefined
  }

  /**
   * Other memos in use under the same name, still on disk: their artifact
   * folders would be one. Names equal but for case count too, because they are
   * one folder on the case-insensitive file systems of macOS and Windows.
   */
  namesakes(memo: LoadedMemo, inUse: (file: string) => boolean): LoadedMemo[] {
    return [...(this.names.get(nameKey(memo.name)) ?? [])]
      .filter((file) => file !== memo.file && inUse(file) && exists(file))
      .flatMap((file) => this.held.get(file)?.loaded ?? [])
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
