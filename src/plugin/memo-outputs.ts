// What a memo's modules and artifact folder are made of, rebuilt from the folder's bytes; and the few kept at hand.
import { BUNDLE_FILE, MANIFEST_FILE, MEMO_FILE, REPORT_FILE } from '../artifact-layout.js'
import type { ClusterReport } from '../cluster/size-cluster.js'
import type { Manifest } from '../manifest/build-manifest.js'

/** Everything a prepared memo gives a build: the values its modules export and its artifact folder's files. */
export interface MemoOutputs {
  name: string
  /** The bundle's memo.md as text. */
  markdown: string
  /** The sizing report, or undefined when the memo has no cluster config. */
  report: ClusterReport | undefined
  manifest: Manifest
  /** The artifact folder in its order: memo.md, cluster_report.json (with a config), MANIFEST.json, then bundle.zip. */
  files: ReadonlyMap<string, Uint8Array>
  /**
   * The source map from `markdown` to the memo as written (see PreparedMemo):
   * only `?html` pages use it, so it is made on call, by running the pipeline
   * again when the memo was read back rather than prepared.
   */
  markdownMap(): string | undefined
}

const decoder = new TextDecoder()

/**
 * The outputs as the artifact folder's bytes give them: the module values are
 * what the files hold (memo.md is `markdown`; cluster_report.json and
 * MANIFEST.json are the report and the manifest written with their key order
 * kept, so parsing them gives values that write the same module text).
 */
export function outputsFromFiles(name: string, files: ReadonlyMap<string, Uint8Array>, markdownMap: () => string | undefined): MemoOutputs {
  const text = (file: string) => decoder.decode(files.get(file)!)
  // Each value is read from its file when first asked for: adding a memo's files to an output asks for none.
  let markdown: string | undefined
  let report: { value: ClusterReport | undefined } | undefined
  let manifest: Manifest | undefined
  return {
    name,
    get markdown() {
      return (markdown ??= text(MEMO_FILE))
    },
    get report() {
      report ??= { value: files.has(REPORT_FILE) ? (JSON.parse(text(REPORT_FILE)) as ClusterReport) : undefined }
      return report.value
    },
    get manifest() {
      return (manifest ??= JSON.parse(text(MANIFEST_FILE)) as Manifest)
    },
    files,
    markdownMap,
  }
}

/** How many bytes the files hold together. */
export function bytesOf(files: ReadonlyMap<string, Uint8Array>): number {
  let bytes = 0
  for (const file of files.values()) bytes += file.byteLength
  return bytes
}

/** The artifact folder's files: the bundle entries in their order, then bundle.zip. */
export function folderFiles(entries: ReadonlyMap<string, Uint8Array>, bundle: Uint8Array): Map<string, Uint8Array> {
  return new Map([...entries, [BUNDLE_FILE, bundle]])
}

/**
 * The outputs of the memos used last, up to a budget of their files' bytes:
 * a site of a few hundred memos keeps them all, so its loads and
 * `generateBundle` read nothing back; a site of thousands lets the oldest go
 * and reads them back from the build cache when asked again. The memo used
 * last is kept whatever its size (the import forms of one memo that a dev
 * page loads together).
 */
export class RecentOutputs<K> {
  private readonly held = new Map<K, { outputs: Promise<MemoOutputs>; bytes: number }>()
  /** The bytes of the outputs held: their files once settled, what was known of them before. */
  private heldBytes = 0
  constructor(private readonly budgetBytes: number) {}

  get(key: K): Promise<MemoOutputs> | undefined {
    const entry = this.held.get(key)
    if (entry) {
      // Map keeps insertion order: moving a used entry to the end makes the first the least recently used.
      this.held.delete(key)
      this.held.set(key, entry)
    }
    return entry?.outputs
  }

  /**
   * Holds `outputs` as the memo used last. `bytesKnown` is what they hold
   * already (the bundle entries of a memo whose zip is still being made):
   * counted at once, so a build that prepares thousands of memos before any
   * zip is done lets the oldest go as it goes, not only once they settle.
   * Once settled they count their files' bytes.
   */
  set(key: K, outputs: Promise<MemoOutputs>, bytesKnown = 0): void {
    this.delete(key)
    const entry = { outputs, bytes: bytesKnown }
    this.held.set(key, entry)
    this.heldBytes += bytesKnown
    this.letGoOverBudget()
    outputs.then(
      (settled) => {
        if (this.held.get(key) !== entry) return
        const bytes = bytesOf(settled.files)
        this.heldBytes += bytes - entry.bytes
        entry.bytes = bytes
        this.letGoOverBudget()
      },
      () => {
        if (this.held.get(key) === entry) this.delete(key)
      },
    )
  }

  delete(key: K): void {
    const entry = this.held.get(key)
    if (!entry) return
    this.heldBytes -= entry.bytes
    this.held.delete(key)
  }

  private letGoOverBudget(): void {
    for (const oldest of this.held.keys()) {
      if (this.heldBytes <= this.budgetBytes || this.held.size <= 1) break
      this.delete(oldest)
    }
  }
}
