// The build cache on disk: one entry per memo, found by content, written atomically, never trusted blindly.
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { warning, type Diagnostic } from '../diagnostics/diagnostic.js'
import { sha256Hex } from '../manifest/sha256.js'
import { readBounded } from '../node/read-source.js'
import { replaceFile } from '../node/replace-file.js'
import { decodeEntry, encodeEntry, type CachedMemo } from './cache-entry.js'
import { codeFingerprint } from './code-fingerprint.js'

/** Everything that decides what a memo becomes: any change gives another key, so a stale entry is never served. */
export interface CacheInputs {
  /** The memo and its config as messages name them (relative to the root): warnings carry them, the manifest their base names. */
  memoFile: string
  memoBytes: Uint8Array
  configFile: string | undefined
  configBytes: Uint8Array | undefined
  name: string
  /** The resolved options that change a memo's output. */
  strict: boolean
  sourceDateEpoch: number
}

/** Bumped when the entry format or the meaning of a key changes. */
const KEY_FORMAT = 'mwpack.cache-key/1'

/** An entry no build has used for this long (its modification time: every use sets it) is one no build is using. */
export const PRUNE_UNUSED_MS = 7 * 24 * 60 * 60 * 1000
/** A folder is pruned at most this often, whatever the number of builds: the stamp file says when it last was. */
export const PRUNE_EVERY_MS = 60 * 60 * 1000
const PRUNE_STAMP = 'pruned.stamp'
/** The cache's own files: entries (a slot name), the temporary files of writes and of pruning. Anything else in the folder is left alone. */
const OWN_FILE = /^[0-9a-f]{32}\.entry(?:\.mwpack-tmp-[0-9a-f]{16}|\.(?:[0-9a-f]{16}|\d+\.\d+)\.(?:tmp|pruned))?$/
/**
 * The largest entry read: an entry holds a memo twice (as written in the
 * manifest's hashes only, and resolved), its report, manifest and zip, each
 * within the input limits, so real entries are well under a megabyte. A
 * larger file is not one of ours and is never read into memory.
 */
export const MAX_ENTRY_BYTES = 16 * 1024 * 1024
/** Entries and folders as a build with the usual umask makes them, whatever the umask: never writable by others. */
const ENTRY_MODE = 0o644
const FOLDER_MODE = 0o755

/**
 * The cache of prepared memos in `dir` (Vite: `<cacheDir>/mwpack`, under
 * `node_modules/.vite`; Rollup and Rolldown: `node_modules/.cache/mwpack`).
 * Each memo has one slot, named after its path, so the cache holds at most
 * one entry per memo; the entry inside is used only when its key, a hash of
 * every input and of mwpack's own code, is the one asked for. Reads that fail
 * or find a bad entry are misses (the build prepares the memo and writes the
 * entry again); writes go to a temporary file renamed into place, so a
 * reader, or a second build at the same time, sees a whole entry or none.
 * Failing to write (a read-only folder) only costs the next build its speed.
 *
 * Pruning (see {@link prune}) removes the entries of memos moved, renamed or
 * deleted: every build that uses an entry marks it used (its modification
 * time), and only an entry unused for a week, and not used by this build, is removed.
 */
export class MemoCache {
  private readonly pending = new Set<Promise<void>>()
  /** The slots this build read or wrote: never pruned by it, whatever their time. */
  private readonly used = new Set<string>()
  /** The entries being written, by slot: until one is on disk, reading it back gets it from here. */
  private readonly writing = new Map<string, { key: string; memo: Promise<CachedMemo> }>()

  /** What mwpack's code is (see {@link codeFingerprint}); undefined when it cannot be told, and then the cache is off. */
  private readonly code: string | undefined
  /** Why the cache is off for this build (mwpack's own files could not be read), as a warning; undefined when on. */
  readonly off: Diagnostic | undefined

  constructor(
    readonly dir: string,
    /** What mwpack's code is: its version and a hash of its files (see {@link codeFingerprint}), or how to compute it. */
    code: string | (() => string) = codeFingerprint,
  ) {
    try {
      this.code = typeof code === 'string' ? code : code()
    } catch (e) {
      // A key that cannot name the code could serve another version's output: no cache at all, and say so.
      this.off = warning(
        'MWP_CACHE_OFF',
        `the build cache is off: mwpack could not read its own code to key it (${e instanceof Error ? e.message : String(e)})`,
        {
          hint: 'reinstall mwpack; the build goes on without the cache, only slower',
        },
      )
    }
  }

  /** The key of a memo's inputs: SHA-256 over each part, length-prefixed so no two sets of parts run together. */
  key(inputs: CacheInputs): string {
    const parts: Array<string | Uint8Array> = [
      KEY_FORMAT,
      this.code ?? '\0off',
      inputs.memoFile,
      inputs.memoBytes,
      inputs.configFile ?? '\0none',
      inputs.configBytes ?? '\0none',
      inputs.name,
      JSON.stringify({ strict: inputs.strict, sourceDateEpoch: inputs.sourceDateEpoch }),
    ]
    const buffers = parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part.buffer, part.byteOffset, part.byteLength)))
    return sha256Hex(Buffer.concat(buffers.flatMap((b) => [Buffer.from(`${b.length}:`), b])))
  }

  /** The memo cached under `key` for `memoFile`, or undefined. */
  read(memoFile: string, key: string): CachedMemo | undefined {
    if (this.off) return undefined
    const slot = this.slot(memoFile)
    // Only a regular file within the limit, never a link, and a FIFO is not waited on: see readBounded.
    const read = readBounded(slot, MAX_ENTRY_BYTES, { follow: false })
    if (!read.ok) return undefined
    const memo = decodeEntry(read.bytes, key)
    if (memo) this.markUsed(slot)
    return memo
  }

  /** Sets the entry's modification time to now: another build's pruning then keeps it for a week. */
  private markUsed(slot: string): void {
    this.used.add(slot)
    try {
      const now = new Date()
      fs.utimesSync(slot, now, now)
    } catch {
      // A read-only folder: nothing prunes it either.
    }
  }

  /**
   * The memo this build cached under `key` for `memoFile`: the entry it is
   * still writing, else the one on disk (which {@link read} checks), else undefined.
   */
  async readBack(memoFile: string, key: string): Promise<CachedMemo | undefined> {
    const writing = this.writing.get(this.slot(memoFile))
    if (writing?.key === key) return writing.memo.catch(() => undefined)
    return this.read(memoFile, key)
  }

  /** Writes the entry once `memo` is ready; {@link flush} waits for every write started. */
  write(memoFile: string, key: string, memo: Promise<CachedMemo>): void {
    if (this.off) return
    const target = this.slot(memoFile)
    const writing = { key, memo }
    this.writing.set(target, writing)
    this.used.add(target)
    const done = memo
      .then((ready) => {
        // Written at once, on this thread: writes left queued behind a build preparing thousands of memos
        // would hold every entry's bytes until the file system caught up (10,000 memos: 900 MB more at the peak).
        fs.mkdirSync(this.dir, { recursive: true, mode: FOLDER_MODE })
        replaceFile(target, encodeEntry(key, ready), { mode: ENTRY_MODE })
      })
      // A write that fails (a read-only folder, a full disk) costs the next build its speed, nothing more.
      .catch(() => undefined)
      .finally(() => {
        this.pending.delete(done)
        // Once on disk (or failed), the entry is read from the file: this build keeps no bytes of it.
        if (this.writing.get(target) === writing) this.writing.delete(target)
      })
    this.pending.add(done)
  }

  /** Waits for the writes started so far (the plugin calls it as a build ends). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending)
  }

  /**
   * Removes the entries no build has used for {@link PRUNE_UNUSED_MS} (the
   * entries of memos moved, renamed or deleted, and the temporary files of
   * builds that stopped mid-write), leaving this build's own and any file not
   * the cache's. Several builds may share the folder at once: a build marks
   * each entry it uses as it reads or writes it, so an entry another build is
   * using is a week younger than any removed. Removing is a rename away, a
   * second look at the time, then an unlink: an entry used between the first
   * look and the rename is put back (unless a newer one took its place).
   * A reader sees a whole entry or none, and none is only a miss.
   * Bounded: at most once per {@link PRUNE_EVERY_MS} per folder (a stamp file
   * claims the round for one build), one look at each file.
   */
  prune(): void {
    if (this.off) return
    const now = Date.now()
    const stamp = path.join(this.dir, PRUNE_STAMP)
    let names: string[]
    try {
      // lstat: a link, FIFO or folder at the stamp's name is never followed, opened or waited on.
      const last = fs.lstatSync(stamp)
      // Ages count both ways: a time in the future (clock skew, a restored cache) is no reason to wait until then.
      if (last.isFile() && Math.abs(now - last.mtimeMs) < PRUNE_EVERY_MS) return
    } catch {
      // No stamp yet: never pruned.
    }
    // The round is claimed by a new stamp renamed into place: created exclusively beside it, so nothing
    // already at either name is written through; a folder in the stamp's place refuses the rename.
    try {
      replaceFile(stamp, new Uint8Array(), { mode: ENTRY_MODE })
      names = fs.readdirSync(this.dir)
    } catch {
      return
    }
    const unused = (file: string) => Math.abs(now - fs.lstatSync(file).mtimeMs) > PRUNE_UNUSED_MS
    for (const name of names) {
      const file = path.join(this.dir, name)
      if (!OWN_FILE.test(name) || this.used.has(file)) continue
      try {
        if (!unused(file)) continue
        const removed = `${file.replace(/\.entry\..*$/, '.entry')}.${randomBytes(8).toString('hex')}.pruned`
        fs.renameSync(file, removed)
        if (!unused(removed)) {
          // Used (or written) since the first look: back in place, unless a newer entry is there now.
          try {
            fs.linkSync(removed, file)
          } catch {
            // A newer entry took the slot: it wins.
          }
        }
        fs.rmSync(removed, { force: true })
      } catch {
        // Gone already (another build pruned it), or not ours to remove: left as it is.
      }
    }
  }

  private slot(memoFile: string): string {
    return path.join(this.dir, `${sha256Hex(memoFile).slice(0, 32)}.entry`)
  }
}

/**
 * The cache folder of a Rollup or Rolldown build started in `cwd`:
 * `node_modules/.cache/mwpack` in the nearest folder up from `cwd` with a
 * package.json (the project), the convention of the Rollup family's tools
 * (find-cache-dir's); undefined, and no cache, when no folder up has one. A
 * build started in a subfolder then shares the project's cache, and one
 * started outside any project makes no `node_modules` where it stands.
 */
export function rollupCacheDir(cwd: string): string | undefined {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'node_modules', '.cache', 'mwpack')
    if (dir === path.dirname(dir)) return undefined
  }
}
