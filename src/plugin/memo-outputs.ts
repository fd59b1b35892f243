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

/** The artifact folder's files: the bundle entries in their order, then bundle.zip. */
export function folderFiles(entries: ReadonlyMap<string, Uint8Array>, bundle: Uint8Array): Map<string, Uint8Array> {
  return new Map([...entries, [BUNDLE_FILE, bundle]])
}

/**
 * The outputs of the last few memos used, so the import forms of one memo
 * loaded together (a dev page's memo object beside its `?html`, a small
 * build's load right after the import resolved) do not read them back each
 * time; the rest are let go. A large build resolves every import before it
 * loads any, so holding more would hold them all.
 */
export class RecentOutputs<K> {
  private readonly held = new Map<K, Promise<MemoOutputs>>()

  constructor(private readonly capacity: number) {}

  get(key: K): Promise<MemoOutputs> | undefined {
    const outputs = this.held.get(key)
    if (outputs) {
      // Map keeps insertion order: moving a used entry to the end makes the first the least recently used.
      this.held.delete(key)
      this.held.set(key, outputs)
    }
    return outputs
  }

  set(key: K, outputs: Promise<MemoOutputs>): void {
    this.held.delete(key)
    this.held.set(key, outputs)
    for (const oldest of this.held.keys()) {
      if (this.held.size <= this.capacity) break
      this.held.delete(oldest)
    }
  }

  delete(key: K): void {
    this.held.delete(key)
  }
}
