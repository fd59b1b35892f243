// The build cache on disk: one entry per memo, found by content, written atomically, never trusted blindly.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sha256Hex } from '../manifest/sha256.js'
import { TOOL } from '../version.js'
import { decodeEntry, encodeEntry, type CachedMemo } from './cache-entry.js'

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
const OWN_FILE = /^[0-9a-f]{32}\.entry(?:\.\d+\.\d+\.(?:tmp|pruned))?$/

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
  private writes = 0

  constructor(
    readonly dir: string,
    /** What mwpack's code is: its version and a hash of its files (see {@link codeFingerprint}). */
    private readonly code: string = codeFingerprint(),
  ) {}

  /** The key of a memo's inputs: SHA-256 over each part, length-prefixed so no two sets of parts run together. */
  key(inputs: CacheInputs): string {
    const parts: Array<string | Uint8Array> = [
      KEY_FORMAT,
      this.code,
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
    const slot = this.slot(memoFile)
    let bytes: Buffer
    try {
      bytes = fs.readFileSync(slot)
    } catch {
      return undefined
    }
    const memo = decodeEntry(bytes, key)
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
    const target = this.slot(memoFile)
    const temporary = `${target}.${process.pid}.${this.writes++}.tmp`
    const writing = { key, memo }
    this.writing.set(target, writing)
    this.used.add(target)
    const done = memo
      .then((ready) => {
        fs.mkdirSync(this.dir, { recursive: true })
        fs.writeFileSync(temporary, encodeEntry(key, ready))
        fs.renameSync(temporary, target)
      })
      .catch(() => fs.rmSync(temporary, { force: true }))
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
    const now = Date.now()
    const stamp = path.join(this.dir, PRUNE_STAMP)
    let names: string[]
    try {
      if (now - fs.statSync(stamp).mtimeMs < PRUNE_EVERY_MS) return
    } catch {
      // No stamp yet: never pruned.
    }
    try {
      fs.writeFileSync(stamp, '')
      names = fs.readdirSync(this.dir)
    } catch {
      return
    }
    const unused = (file: string) => now - fs.statSync(file).mtimeMs > PRUNE_UNUSED_MS
    for (const name of names) {
      const file = path.join(this.dir, name)
      if (!OWN_FILE.test(name) || this.used.has(file)) continue
      try {
        if (!unused(file)) continue
        const removed = `${file}.${process.pid}.${this.writes++}.pruned`
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

/** The folder of mwpack's code: dist/ when installed, src/ when its own tests run from source. */
const CODE_ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const fingerprints = new Map<string, string>()

/**
 * mwpack's version and a hash of its code files under `codeRoot` (every
 * `.js`, `.mjs` and `.ts`, types left out), read once per process for its own: a new
 * release, and also a local build of mwpack that changed what a memo becomes
 * without a version bump, gets keys of its own.
 */
export function codeFingerprint(codeRoot: string = CODE_ROOT): string {
  const known = fingerprints.get(codeRoot)
  if (known !== undefined) return known
  const files = (fs.readdirSync(codeRoot, { recursive: true }) as string[]).filter((f) => /\.(?:js|mjs|ts)$/.test(f) && !f.endsWith('.d.ts')).sort()
  const hash = files.map((f) => `${f.split(path.sep).join('/')} ${sha256Hex(fs.readFileSync(path.join(codeRoot, f)))}`).join('\n')
  const fingerprint = `${TOOL.name}@${TOOL.version} ${sha256Hex(hash)}`
  if (codeRoot === CODE_ROOT) fingerprints.set(codeRoot, fingerprint)
  return fingerprint
}
