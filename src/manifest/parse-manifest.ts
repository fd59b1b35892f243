// Reads and checks a MANIFEST.json handed to package or verify.
import * as v from 'valibot'
import { error, type Diagnostic } from '../diagnostics/diagnostic.js'
import { unfitEntryNameReason, unsafePathReason } from '../archive/entry-names.js'
import { MANIFEST_SCHEMA_VERSION, type Manifest } from './build-manifest.js'

const Sha256 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/))
const InputRecord = v.strictObject({ path: v.string(), sha256: Sha256 })

const ManifestSchema = v.strictObject({
  schema_version: v.literal(MANIFEST_SCHEMA_VERSION),
  name: v.string(),
  source_date_epoch: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER)),
  tool: v.strictObject({ name: v.string(), version: v.string() }),
  inputs: v.strictObject({ memo: InputRecord, config: v.nullable(InputRecord) }),
  files: v.array(v.strictObject({ path: v.string(), sha256: Sha256, size: v.pipe(v.number(), v.integer(), v.minValue(0)) })),
})

/** Reads a MANIFEST.json someone hands us (package, verify): any deviation from the contract is one clear error. */
export function parseManifest(text: string, file: string): { ok: true; manifest: Manifest } | { ok: false; diagnostic: Diagnostic } {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    return { ok: false, diagnostic: error('MWP_MANIFEST_INVALID', `MANIFEST.json is not valid JSON: ${(e as Error).message}`, { file }) }
  }
  const result = v.safeParse(ManifestSchema, data)
  if (!result.success) {
    const issue = result.issues[0]
    const path = v.getDotPath(issue) ?? '(top level)'
    return {
      ok: false,
      diagnostic: error(
        'MWP_MANIFEST_INVALID',
        `MANIFEST.json does not follow ${MANIFEST_SCHEMA_VERSION}: at ${path}, expected ${issue.expected ?? 'a valid value'}, found ${issue.received}`,
        {
          file,
        },
      ),
    }
  }
  // The manifest names files to read beside it (package) and to expect in the archive (verify):
  // a path that climbs out or is absolute is refused here, before anything opens it. Input names
  // are only recorded; the files' names must be fit for a bundle entry.
  const inputs = [result.output.inputs.memo.path, result.output.inputs.config?.path]
  const checks = [
    ...inputs.map((path) => [path, path === undefined ? undefined : unsafePathReason(path)]),
    ...result.output.files.map((f) => [f.path, unfitEntryNameReason(f.path)]),
  ]
  for (const [path, unsafe] of checks) {
    if (unsafe)
      return { ok: false, diagnostic: error('MWP_MANIFEST_INVALID', `MANIFEST.json names ${JSON.stringify(path)}, which is not allowed: ${unsafe}`, { file }) }
  }
  return { ok: true, manifest: result.output as Manifest }
}
