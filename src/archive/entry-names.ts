// Which paths are safe to open and which names are fit for a bundle entry: plain, portable, never climbing out.
/**
 * Why a path is unsafe to open or create below a folder, or undefined when
 * it is a plain relative path: not empty, no control characters, no
 * backslashes, not absolute, no `..`, no empty or `.` segments.
 */
export function unsafePathReason(name: string): string | undefined {
  if (name === '') return 'it is empty'
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'it contains a control character'
  if (name.includes('\\')) return 'it contains a backslash'
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'it is an absolute path'
  const segments = name.split('/')
  if (segments.includes('..')) return 'it climbs out with ".."'
  if (segments.some((s) => s === '' || s === '.')) return 'it has an empty or "." segment'
  return undefined
}

/** The longest entry name verify accepts, in UTF-8 bytes: what every common file system can create. */
const MAX_ENTRY_NAME_BYTES = 255

/** Names Windows maps to devices whatever their extension (`nul.md` is the NUL device). */
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\..*)?$/i

/**
 * Why a name is not fit for a bundle entry, or undefined. Beyond a safe
 * path, each part must use the POSIX portable file-name characters (letters,
 * digits, `.`, `_`, `-`), so every extractor on every system writes the same
 * name: no Unicode normalization (macOS), no `:` streams or device names and
 * no dropped trailing dots (Windows). mwpack only ever writes such names.
 */
export function unfitEntryNameReason(name: string): string | undefined {
  const unsafe = unsafePathReason(name)
  if (unsafe) return unsafe
  if (Buffer.byteLength(name) > MAX_ENTRY_NAME_BYTES) return `it is longer than ${MAX_ENTRY_NAME_BYTES} bytes`
  for (const segment of name.split('/')) {
    if (!/^[A-Za-z0-9._-]+$/.test(segment)) return 'it has a character outside the portable set (letters, digits, ".", "_", "-")'
    if (segment.endsWith('.')) return `its part ${JSON.stringify(segment)} ends in ".", which Windows drops`
    if (WINDOWS_DEVICE.test(segment)) return `its part ${JSON.stringify(segment)} is a Windows device name`
  }
  return undefined
}

/** Two fit names that one case-insensitive file system (macOS, Windows) would write to one file share this key. */
export function entryCollisionKey(name: string): string {
  return name.toLowerCase()
}
