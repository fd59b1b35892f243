// Builds MANIFEST.json: inputs by file name and LF-normalized hash, files sorted by UTF-8 bytes.
import { compareUtf8 } from '../archive/entry-order.js'
import { TOOL } from '../version.js'
import { sha256Hex } from './sha256.js'

export const MANIFEST_SCHEMA_VERSION = 'mwpack.manifest/v1'

export interface InputRecord {
  /** The file name only: never a directory of the machine that built it. */
  path: string
  /** SHA-256 of the input text with line endings made LF, so a CRLF checkout hashes the same. */
  sha256: string
}

export interface FileRecord {
  path: string
  sha256: string
  size: number
}

/** MANIFEST.json (spec/artifacts.md); the key order here is the order on disk. */
export interface Manifest {
  schema_version: typeof MANIFEST_SCHEMA_VERSION
  name: string
  source_date_epoch: number
  tool: { name: string; version: string }
  inputs: { memo: InputRecord; config: InputRecord | null }
  files: FileRecord[]
}

export interface ManifestInput {
  name: string
  sourceDateEpoch: number
  memo: { fileName: string; text: string }
  config?: { fileName: string; text: string } | undefined
  /** Every bundle entry but the manifest itself, by path. */
  files: ReadonlyMap<string, Uint8Array>
}

/** Hash of an input as the manifest records it: the text with CRLF and lone CR made LF. */
export function inputHash(text: string): string {
  return sha256Hex(text.replace(/\r\n?/g, '\n'))
}

export function buildManifest(input: ManifestInput): Manifest {
  return {
    schema_version: MANIFEST_SCHEMA_VERSION,
    name: input.name,
    source_date_epoch: input.sourceDateEpoch,
    tool: { name: TOOL.name, version: TOOL.version },
    inputs: {
      memo: { path: input.memo.fileName, sha256: inputHash(input.memo.text) },
      config: input.config ? { path: input.config.fileName, sha256: inputHash(input.config.text) } : null,
    },
    files: [...input.files.entries()].sort(([a], [b]) => compareUtf8(a, b)).map(([path, bytes]) => ({ path, sha256: sha256Hex(bytes), size: bytes.length })),
  }
}
