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
 */
export class MemoCache {
  private readonly pending = new Set<Promise<void>>()
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
    let bytes: Buffer
    try {
      bytes = fs.readFileSync(this.slot(memoFile))
    } catch {
      return undefined
    }
    return decodeEntry(bytes, key)
  }

  /** Writes the entry once `memo` is ready; {@link flush} waits for every write started. */
  write(memoFile: string, key: string, memo: Promise<CachedMemo>): void {
    const target = this.slot(memoFile)
    const temporary = `${target}.${process.pid}.${this.writes++}.tmp`
    const done = memo
      .then((ready) => {
        fs.mkdirSync(this.dir, { recursive: true })
        fs.writeFileSync(temporary, encodeEntry(key, ready))
        fs.renameSync(temporary, target)
      })
      .catch(() => fs.rmSync(temporary, { force: true }))
      .catch(() => undefined)
      .finally(() => this.pending.delete(done))
    this.pending.add(done)
  }

  /** Waits for the writes started so far (the plugin calls it as a build ends). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending)
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
