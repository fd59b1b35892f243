// Proves a bundle matches its manifest, holds only safe regular files, and re-solves its report.
import { error, type Diagnostic } from '../diagnostics/diagnostic.js'
import { MANIFEST_FILE, MEMO_FILE, REPORT_FILE } from '../artifact-layout.js'
import type { Manifest } from '../manifest/build-manifest.js'
import { parseManifest } from '../manifest/parse-manifest.js'
import { sha256Hex } from '../manifest/sha256.js'
import { decodeText } from '../memo/decode-text.js'
import { normalizeMemo } from '../memo/normalize-memo.js'
import { FILE_LIMITS, tooLargeDiagnostic } from '../input-limits.js'
import type { ArchiveMember } from '../archive/archive-member.js'
import { entryCollisionKey, unfitEntryNameReason } from '../archive/entry-names.js'
import { checkReport } from './verify-report.js'

export interface VerifyResult {
  ok: boolean
  manifest?: Manifest
  /** Entries whose hash matched the manifest, in manifest order. */
  verified: string[]
  diagnostics: Diagnostic[]
}

/**
 * Proves a bundle is what its manifest says: safe names only, every listed
 * file present with its hash and size, nothing unlisted, the memo in normal
 * form, and the report re-solved from its own `inputs` to the same bytes.
 * `source` names the archive or folder in messages.
 */
export function verifyMembers(members: readonly ArchiveMember[], source: string): VerifyResult {
  const diagnostics: Diagnostic[] = []
  const at = { file: source }
  const files = new Map<string, Uint8Array>()

  const collisions = new Map<string, string>()
  for (const member of members) {
    const name = JSON.stringify(member.name)
    // A directory entry's name ends in "/"; judge the name without it, then reject the entry for what it is.
    const unfit = unfitEntryNameReason(member.kind === 'directory' ? member.name.replace(/\/$/, '') : member.name)
    if (unfit) {
      diagnostics.push(error('MWP_ENTRY_UNSAFE_NAME', `entry ${name} has an unsafe name: ${unfit}`, at))
      continue
    }
    if (member.kind !== 'file') {
      diagnostics.push(error('MWP_ENTRY_NOT_FILE', `entry ${name} is ${KIND_NAMES[member.kind]}; a bundle holds regular files only`, at))
      continue
    }
    const unfitMode = unfitModeReason(member)
    if (unfitMode) {
      diagnostics.push(error('MWP_ENTRY_MODE', `entry ${name} ${unfitMode}`, at))
      continue
    }
    if (files.has(member.name)) {
      diagnostics.push(error('MWP_ENTRY_DUPLICATE', `entry ${name} appears more than once`, at))
      continue
    }
    const clash = collisions.get(entryCollisionKey(member.name))
    if (clash !== undefined) {
      diagnostics.push(error('MWP_ENTRY_DUPLICATE', `entries ${JSON.stringify(clash)} and ${name} are one file on a case-insensitive file system`, at))
      continue
    }
    collisions.set(entryCollisionKey(member.name), member.name)
    files.set(member.name, member.bytes)
  }

  const manifestBytes = files.get(MANIFEST_FILE)
  if (!manifestBytes) {
    diagnostics.push(error('MWP_ENTRY_MISSING', `${MANIFEST_FILE} is missing`, at))
    return { ok: false, verified: [], diagnostics }
  }
  const parsed = parseManifest(manifestBytes, `${source}:${MANIFEST_FILE}`)
  if (!parsed.ok) return { ok: false, verified: [], diagnostics: diagnostics.concat(parsed.diagnostics) }
  const manifest = parsed.value

  const verified: string[] = []
  const listed = new Set<string>()
  for (const record of manifest.files) {
    if (listed.has(record.path)) {
      diagnostics.push(error('MWP_MANIFEST_INVALID', `${MANIFEST_FILE} lists ${JSON.stringify(record.path)} twice`, at))
      continue
    }
    listed.add(record.path)
    const bytes = files.get(record.path)
    if (!bytes) {
      diagnostics.push(error('MWP_ENTRY_MISSING', `${record.path} is listed in ${MANIFEST_FILE} but missing`, at))
      continue
    }
    const actual = sha256Hex(bytes)
    if (actual !== record.sha256 || bytes.length !== record.size) {
      diagnostics.push(
        error(
          'MWP_ENTRY_HASH_MISMATCH',
          `${record.path} does not match ${MANIFEST_FILE}: sha256 ${actual} (${bytes.length} bytes), expected ${record.sha256} (${record.size} bytes)`,
          at,
        ),
      )
      continue
    }
    verified.push(record.path)
  }
  for (const path of files.keys()) {
    if (path !== MANIFEST_FILE && !listed.has(path)) diagnostics.push(error('MWP_ENTRY_EXTRA', `${path} is in the bundle but not in ${MANIFEST_FILE}`, at))
  }

  const memo = files.get(MEMO_FILE)
  if (memo && verified.includes(MEMO_FILE)) {
    // Strictly decoded: a lossy decode could turn bytes mwpack never writes into text that looks normal.
    const text = decodeText(memo, `${source}:${MEMO_FILE}`, { what: MEMO_FILE })
    if (!text.ok) for (const d of text.diagnostics) diagnostics.push(d)
    else if (memo.length > FILE_LIMITS.memoBytes) diagnostics.push(tooLargeDiagnostic(MEMO_FILE, `${source}:${MEMO_FILE}`, memo.length, FILE_LIMITS.memoBytes))
    else if (normalizeMemo(text.value) !== text.value)
      diagnostics.push(error('MWP_MEMO_NOT_NORMALIZED', `${MEMO_FILE} is not in normal form; it was edited after mwpack built it`, at))
  }
  const report = files.get(REPORT_FILE)
  if (report && verified.includes(REPORT_FILE)) for (const d of checkReport(report, `${source}:${REPORT_FILE}`)) diagnostics.push(d)

  return { ok: !diagnostics.some((d) => d.severity === 'error'), manifest, verified, diagnostics }
}

/** The permission bits mwpack writes (rw-r--r--); extractors restore whatever an entry records. */
const ENTRY_PERMISSIONS = 0o644

/**
 * Why an entry's recorded mode or owner is not what mwpack writes, or
 * undefined. Extractors recreate both: mode 0000 or 0200 makes a file its
 * owner cannot read, set-user-ID makes it run as someone else, and an owner
 * other than 0:0 (or a user or group name, which GNU tar and bsdtar look up
 * first) gives the file away when root extracts it. An entry that records
 * no mode (a zip made on MS-DOS) gets the extractor's default.
 */
function unfitModeReason(member: ArchiveMember): string | undefined {
  if (member.mode !== undefined && member.mode !== ENTRY_PERMISSIONS) {
    const mode = member.mode.toString(8).padStart(4, '0')
    const why =
      (member.mode & 0o7000) !== 0
        ? 'set-user-ID, set-group-ID or sticky'
        : (member.mode & 0o400) === 0
          ? 'its owner could not read the extracted file'
          : (member.mode & 0o111) !== 0
            ? 'executable'
            : (member.mode & 0o022) !== 0
              ? 'writable by others'
              : 'not what mwpack writes'
    return `has mode ${mode} (${why}); mwpack writes 0644`
  }
  const owner = member.owner
  if (owner && (owner.uid !== 0 || owner.gid !== 0 || owner.userName !== '' || owner.groupName !== '')) {
    const names = owner.userName !== '' || owner.groupName !== '' ? ` (user ${JSON.stringify(owner.userName)}, group ${JSON.stringify(owner.groupName)})` : ''
    return `is owned by ${owner.uid}:${owner.gid}${names}, which an extractor run as root restores; mwpack writes owner 0:0 with no names`
  }
  return undefined
}

const KIND_NAMES: Record<Exclude<ArchiveMember['kind'], 'file'>, string> = {
  directory: 'a directory',
  symlink: 'a symbolic link',
  hardlink: 'a hard link',
  other: 'a device, FIFO or other special file',
}
