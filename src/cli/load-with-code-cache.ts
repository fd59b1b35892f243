// Loads the bundled command line's CommonJS chunks through V8 with a code cache, so later runs skip compiling them.
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import { createRequire } from 'node:module'
import * as path from 'node:path'
import * as vm from 'node:vm'
import { readBounded } from '../node/read-source.js'
import { replaceFile } from '../node/replace-file.js'
import { trustedFolder } from './code-cache-folder.js'

/** A loaded entry chunk: its exports, and a way to store what V8 compiled while it ran. */
export interface CodeCachedModule {
  exports: unknown
  /**
   * Writes the code cache of every chunk that had none (or a stale one), taken
   * after the command ran so it holds the functions the command compiled, not
   * only the top level, and removes cache files unused for 30 days. Never
   * throws; an unwritable folder means no cache.
   */
  saveCache(): void
}

interface LoadedChunk {
  module: { exports: unknown }
  script: vm.Script
  cacheFile: string | undefined
  fromCache: boolean
}

// The CommonJS wrapper on the chunk's first line, so line numbers in stack traces stay the file's own.
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {'
const WRAPPER_TAIL = '\n})'
const DIGEST_BYTES = 32

/**
 * Loads `entry` (a CommonJS file) and the chunks it requires by relative path,
 * compiling each with V8's cached data from `folder` when there is a valid one.
 * Other `require`s (`node:fs`, ...) go to Node.
 *
 * Each cache file is named by a SHA-256 of the Node version, the architecture
 * and the chunk's source, so a changed chunk or another Node never meets a
 * stale cache (V8 checks only the source's length), and holds a SHA-256 of its
 * own bytes, since V8 trusts cached data it accepts and verifies no checksum in
 * release builds. A missing, unreadable, corrupt or rejected cache is ignored:
 * the chunk compiles from source, exactly as without a cache, and runs the same.
 */
export function loadWithCodeCache(entry: string, folder: string | undefined): CodeCachedModule {
  const cacheFolder = folder !== undefined && trustedFolder(folder, false) ? folder : undefined
  const loaded = new Map<string, LoadedChunk>()
  const nodeRequire = createRequire(entry)

  function load(file: string): unknown {
    const known = loaded.get(file)
    if (known) return known.module.exports
    const source = fs.readFileSync(file, 'utf8')
    const cacheFile = folder === undefined ? undefined : path.join(folder, `${cacheKey(source)}.v8`)
    const cachedData = cacheFile !== undefined && cacheFolder !== undefined ? readCache(cacheFile) : undefined
    const script = new vm.Script(WRAPPER_HEAD + source + WRAPPER_TAIL, { filename: file, ...(cachedData ? { cachedData } : {}) })
    const chunk: LoadedChunk = { module: { exports: {} }, script, cacheFile, fromCache: cachedData !== undefined && !script.cachedDataRejected }
    // Registered before it runs, as Node does, so a require cycle gets the partial exports.
    loaded.set(file, chunk)
    const dir = path.dirname(file)
    const requireChunk = (id: string) => (id.startsWith('./') || id.startsWith('../') ? load(path.resolve(dir, id)) : nodeRequire(id))
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void
    wrapper.call(chunk.module.exports, chunk.module.exports, requireChunk, chunk.module, file, dir)
    return chunk.module.exports
  }

  const exports = load(entry)
  return {
    exports,
    saveCache() {
      if (folder === undefined) return
      const stale = [...loaded.values()].filter((c) => !c.fromCache)
      if (stale.length === 0 || !trustedFolder(folder, true)) return
      for (const chunk of stale) if (chunk.cacheFile) writeCache(chunk.cacheFile, chunk.script.createCachedData())
      pruneStale(folder, new Set([...loaded.values()].map((c) => c.cacheFile)), Date.now())
    },
  }
}

/** Cache files unused this long are removed when a run writes new ones: those of older Nodes and mwpack versions. */
const STALE_MS = 30 * 24 * 60 * 60 * 1000

/**
 * Removes this folder's cache files (and a killed run's temporary files) last
 * written over 30 days ago, except those this run used. Runs only when a run
 * writes the cache, as when a new Node or mwpack version arrives; a file some
 * other command still uses is written again by its next run. Names not ours
 * are left alone.
 */
function pruneStale(folder: string, used: ReadonlySet<string | undefined>, now: number): void {
  try {
    for (const name of fs.readdirSync(folder)) {
      if (!/^[0-9a-f]{40}\.v8(?:\.\d+\.tmp|\.mwpack-tmp-[0-9a-f]{16})?$/.test(name)) continue
      const file = path.join(folder, name)
      if (!used.has(file) && now - fs.lstatSync(file).mtimeMs > STALE_MS) fs.rmSync(file, { force: true })
    }
  } catch {
    // Pruning is housekeeping: a failure leaves files behind, nothing worse.
  }
}

function cacheKey(source: string): string {
  return createHash('sha256').update(`${process.version}\0${process.arch}\0`).update(source).digest('hex').slice(0, 40)
}

/** The largest cache file read: V8's cached data for one chunk is a few hundred kilobytes. */
const MAX_CACHE_BYTES = 32 * 1024 * 1024

/** The cached data after its digest, or undefined when the file is missing, not a regular file, short or does not match its digest. */
function readCache(file: string): Buffer | undefined {
  const read = readBounded(file, MAX_CACHE_BYTES, { follow: false })
  if (!read.ok || read.bytes.length <= DIGEST_BYTES) return undefined
  const bytes = Buffer.from(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength)
  const data = bytes.subarray(DIGEST_BYTES)
  return bytes.subarray(0, DIGEST_BYTES).equals(createHash('sha256').update(data).digest()) ? data : undefined
}

/** Digest and data, written atomically (a reader never sees half a file), readable by the user alone. */
function writeCache(file: string, data: Buffer): void {
  try {
    replaceFile(file, Buffer.concat([createHash('sha256').update(data).digest(), data]), { mode: 0o600 })
  } catch {
    // An unwritable folder or a full disk: no cache, the same run.
  }
}
