// The bytes of one cache entry: everything a memo became, sealed with its key and a checksum.
import * as v from 'valibot'
import { BUNDLE_FILE, MANIFEST_FILE, MEMO_FILE, REPORT_FILE } from '../artifact-layout.js'
import { DIAGNOSTIC_CODES, type Diagnostic } from '../diagnostics/diagnostic.js'
import { readZip } from '../archive/read-zip.js'
import { sha256Hex } from '../manifest/sha256.js'

/** Everything a build takes from a memo once it is prepared: what the module exports and the artifact folder's files. */
export interface CachedMemo {
  warnings: Diagnostic[]
  /**
   * The bundle's entries (memo.md, cluster_report.json with a config,
   * MANIFEST.json) in their order: the module's values are read from them
   * (see memo-outputs.ts), so the entry keeps no second copy.
   */
  entries: Map<string, Uint8Array>
  /** bundle.zip. */
  bundle: Uint8Array
}

/** The first line of every entry; a file without it (another tool's, an older format) is not an entry. */
const MAGIC = 'mwpack-cache 2\n'

const DiagnosticSchema = v.object({
  code: v.picklist(DIAGNOSTIC_CODES),
  severity: v.picklist(['error', 'warning']),
  message: v.string(),
  file: v.optional(v.string()),
  position: v.optional(v.object({ line: v.number(), column: v.number() })),
  path: v.optional(v.string()),
  hint: v.optional(v.string()),
})

const MetaSchema = v.strictObject({
  key: v.string(),
  warnings: v.array(DiagnosticSchema),
  files: v.array(v.tuple([v.picklist([MEMO_FILE, REPORT_FILE, MANIFEST_FILE, BUNDLE_FILE]), v.pipe(v.number(), v.integer(), v.minValue(0))])),
})

/**
 * Whether the entry's files are the ones its own MANIFEST.json lists (path,
 * size and SHA-256 of each, nothing more or less) and its JSON parses. The
 * checksum catches damage; this catches an entry whose parts do not belong
 * together (edited by hand, or made by something else), so a build never
 * publishes a memo.md its manifest contradicts, or fails parsing a report.
 */
function agreesWithManifest(entries: ReadonlyMap<string, Uint8Array>): boolean {
  const text = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
  try {
    const manifest = JSON.parse(text(entries.get(MANIFEST_FILE)!)) as { files?: unknown }
    const report = entries.get(REPORT_FILE)
    if (report) JSON.parse(text(report))
    const listed = Array.isArray(manifest.files) ? (manifest.files as Array<{ path?: unknown; sha256?: unknown; size?: unknown }>) : []
    const others = [...entries].filter(([name]) => name !== MANIFEST_FILE)
    return (
      listed.length === others.length &&
      others.every(([name, bytes]) => listed.some((f) => f.path === name && f.size === bytes.length && f.sha256 === sha256Hex(bytes)))
    )
  } catch {
    return false
  }
}

/**
 * Whether bundle.zip holds exactly the entry's files, byte for byte (read by
 * the same strict reader `verify` uses, which checks every CRC): the zip is
 * the artifact users download, so a zip that is not made of the other files
 * is never published.
 */
function holdsEntries(bundle: Uint8Array, entries: ReadonlyMap<string, Uint8Array>): boolean {
  const read = readZip(bundle, BUNDLE_FILE)
  if (!read.ok || read.value.length !== entries.size) return false
  return read.value.every((member) => {
    const bytes = entries.get(member.name)
    return member.kind === 'file' && bytes !== undefined && Buffer.from(member.bytes.buffer, member.bytes.byteOffset, member.bytes.byteLength).equals(bytes)
  })
}

/**
 * The entry's bytes: a magic line, the SHA-256 of the rest, the length of a
 * JSON header (the key it was written for, the warnings, the file list), the header, then each file's bytes. Text and binary files are kept
 * as the build wrote them, so a warm build emits the same bytes.
 */
export function encodeEntry(key: string, memo: CachedMemo): Uint8Array {
  const files = [...memo.entries, [BUNDLE_FILE, memo.bundle] as const]
  const meta = Buffer.from(
    JSON.stringify({
      key,
      warnings: memo.warnings,
      files: files.map(([name, bytes]) => [name, bytes.length]),
    }),
  )
  const body = Buffer.concat([Buffer.from(`${meta.length}\n`), meta, ...files.map(([, bytes]) => bytes)])
  return Buffer.concat([Buffer.from(`${MAGIC}${sha256Hex(body)}\n`), body])
}

/**
 * The memo an entry holds, or undefined when the bytes are not a whole,
 * intact entry written for `key`: another format, a truncated or altered
 * file (its checksum fails), an entry for other inputs (its key differs),
 * or a header of the wrong shape. Such an entry is never trusted.
 */
export function decodeEntry(bytes: Uint8Array, key: string): CachedMemo | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (buffer.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) return undefined
  const bodyStart = MAGIC.length + 65
  if (buffer.length < bodyStart || buffer[bodyStart - 1] !== 0x0a) return undefined
  const body = buffer.subarray(bodyStart)
  if (sha256Hex(body) !== buffer.subarray(MAGIC.length, bodyStart - 1).toString('latin1')) return undefined
  const newline = body.indexOf(0x0a)
  const metaLength = Number(body.subarray(0, newline).toString('latin1'))
  if (newline < 1 || !Number.isSafeInteger(metaLength) || newline + 1 + metaLength > body.length) return undefined
  let meta: v.InferOutput<typeof MetaSchema>
  try {
    const parsed = v.safeParse(MetaSchema, JSON.parse(body.subarray(newline + 1, newline + 1 + metaLength).toString('utf8')))
    if (!parsed.success) return undefined
    meta = parsed.output
  } catch {
    return undefined
  }
  if (meta.key !== key) return undefined
  let at = newline + 1 + metaLength
  const entries = new Map<string, Uint8Array>()
  let bundle: Uint8Array | undefined
  for (const [name, length] of meta.files) {
    if (at + length > body.length) return undefined
    // A copy, so the entry's whole file is not kept alive by one small view of it.
    const file = new Uint8Array(body.subarray(at, at + length))
    at += length
    if (name === BUNDLE_FILE) bundle = file
    else entries.set(name, file)
  }
  if (at !== body.length || !bundle || !entries.has(MEMO_FILE) || !entries.has(MANIFEST_FILE)) return undefined
  if (!agreesWithManifest(entries) || !holdsEntries(bundle, entries)) return undefined
  return {
    warnings: meta.warnings as Diagnostic[],
    entries,
    bundle,
  }
}
