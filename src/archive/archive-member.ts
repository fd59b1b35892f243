// What an archive reader hands to verify: each member's raw name, kind, permission bits and bytes.
import { error, type Diagnostic, type DiagnosticCode, type Outcome } from '../diagnostics/diagnostic.js'

export type { ArchiveLimits } from '../input-limits.js'

/** One member of an archive (or of an artifact folder) as `verify` sees it. */
export interface ArchiveMember {
  /** The name exactly as stored (decoded from UTF-8), safe or not: judging it is verify's job. */
  name: string
  kind: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other'
  /** Permission bits (07777) when the archive records them; set-user-ID and friends are verify's to refuse. */
  mode: number | undefined
  /** The owner a tar records (ustar fields, or pax records that override them); zips carry none that extractors restore by default. */
  owner?: ArchiveOwner
  bytes: Uint8Array
}

/** A tar member's owner: numeric IDs and the user and group names extractors run as root look up first. */
export interface ArchiveOwner {
  uid: number
  gid: number
  userName: string
  groupName: string
}

/** An archive reader's failure: one error about the archive as a whole. */
export function archiveProblem<T>(code: DiagnosticCode, message: string, file: string, hint?: string): Outcome<T> {
  const diagnostic: Diagnostic = error(code, message, hint ? { file, hint } : { file })
  return { ok: false, diagnostics: [diagnostic] }
}

/** "at byte 1,234": where in a binary file a problem sits, since line and column mean nothing there. */
export function atByte(offset: number): string {
  return `at byte ${offset}`
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Strict UTF-8, or undefined: a name extractors may decode differently is refused, never guessed. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes)
  } catch {
    return undefined
  }
}
