// Reads and checks a MANIFEST.json handed to package or verify, with the line and column of any problem.
import * as v from 'valibot'
import { error, hasErrors, type Outcome } from '../diagnostics/diagnostic.js'
import { unfitEntryNameReason, unsafePathReason } from '../archive/entry-names.js'
import { ARCHIVE_LIMITS, FILE_LIMITS, tooLargeDiagnostic } from '../input-limits.js'
import { formatPath, parseLocatedJson, type PathItem } from '../json/parse-located-json.js'
import { decodeText } from '../memo/decode-text.js'
import { checkName } from '../memo/memo-name.js'
import { MANIFEST_SCHEMA_VERSION, type Manifest } from './build-manifest.js'

const Sha256 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/))
const InputRecord = v.strictObject({ path: v.string(), sha256: Sha256 })

const ManifestSchema = v.strictObject({
  schema_version: v.literal(MANIFEST_SCHEMA_VERSION),
  name: v.string(),
  source_date_epoch: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER)),
  // mwpack is the only tool that writes this schema; its version is a semver (package.json).
  tool: v.strictObject({ name: v.literal('mwpack'), version: v.pipe(v.string(), v.regex(/^\d{1,9}\.\d{1,9}\.\d{1,9}(?:-[0-9A-Za-z.-]{1,64})?$/)) }),
  inputs: v.strictObject({ memo: InputRecord, config: v.nullable(InputRecord) }),
  // A bundle is its manifest plus these files, so they are fewer than an archive's entries may be.
  files: v.pipe(
    v.array(v.strictObject({ path: v.string(), sha256: Sha256, size: v.pipe(v.number(), v.integer(), v.minValue(0)) })),
    v.maxLength(ARCHIVE_LIMITS.maxEntries - 1),
  ),
})

/**
 * Reads a MANIFEST.json someone hands us (package, verify). It is decoded
 * and parsed as strictly as a config (UTF-8 only, size limits first, no
 * duplicate keys, no strings that cannot be UTF-8), then checked against the
 * contract; the first deviation is one error at its line and column.
 */
export function parseManifest(bytes: Uint8Array, file: string): Outcome<Manifest> {
  if (bytes.length > FILE_LIMITS.manifestBytes)
    return { ok: false, diagnostics: [tooLargeDiagnostic('manifest', file, bytes.length, FILE_LIMITS.manifestBytes)] }
  const text = decodeText(bytes, file, { what: 'manifest' })
  if (!text.ok) return { ok: false, diagnostics: text.diagnostics }
  const parsed = parseLocatedJson(text.value, file)
  if (!parsed.ok) return parsed
  if (hasErrors(parsed.diagnostics)) return { ok: false, diagnostics: parsed.diagnostics }
  const { json } = parsed
  const at = (path: readonly PathItem[]) => ({ file, position: json.locate(path), ...(path.length > 0 ? { path: formatPath(path) } : {}) })

  const result = v.safeParse(ManifestSchema, json.value)
  if (!result.success) {
    const issue = result.issues[0]
    const path = (issue.path ?? []).map((item) => item.key as PathItem)
    const where = path.length > 0 ? `at ${formatPath(path)}, ` : ''
    return {
      ok: false,
      diagnostics: [
        error(
          'MWP_MANIFEST_INVALID',
          `MANIFEST.json does not follow ${MANIFEST_SCHEMA_VERSION}: ${where}expected ${issue.expected ?? 'a valid value'}, found ${issue.received}`,
          at(path),
        ),
      ],
    }
  }
  // The manifest names files to read beside it (package) and to expect in the archive (verify):
  // a path that climbs out or is absolute is refused here, before anything opens it. Input names
  // are only recorded; the files' names must be fit for a bundle entry.
  const manifest = result.output as Manifest
  const checks: [readonly PathItem[], string | undefined, string | undefined][] = [
    [['inputs', 'memo', 'path'], manifest.inputs.memo.path, unsafePathReason(manifest.inputs.memo.path)],
    [['inputs', 'config', 'path'], manifest.inputs.config?.path, manifest.inputs.config ? unsafePathReason(manifest.inputs.config.path) : undefined],
    ...manifest.files.map((f, i) => [['files', i, 'path'], f.path, unfitEntryNameReason(f.path)] as [readonly PathItem[], string, string | undefined]),
  ]
  // The name is the artifact folder's name (letters, digits, ".", "_", "-", not starting with "."): what a build would accept for --name.
  const badName = checkName(manifest.name, {})
  if (badName) return { ok: false, diagnostics: [error('MWP_MANIFEST_INVALID', `MANIFEST.json: ${badName.message}`, at(['name']))] }
  for (const [path, name, unsafe] of checks) {
    if (unsafe)
      return {
        ok: false,
        diagnostics: [error('MWP_MANIFEST_INVALID', `MANIFEST.json names ${JSON.stringify(name)}, which is not allowed: ${unsafe}`, at(path))],
      }
  }
  return { ok: true, value: manifest, diagnostics: [] }
}
