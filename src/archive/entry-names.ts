// Which archive entry and manifest paths are safe: plain relative paths, nothing that climbs or escapes.
/** Why an archive member name is unsafe to extract, or undefined when it is a plain relative path. */
export function unsafeNameReason(name: string): string | undefined {
  if (name === '') return 'it is empty'
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'it contains a control character'
  if (name.includes('\\')) return 'it contains a backslash'
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'it is an absolute path'
  const segments = name.split('/')
  if (segments.includes('..')) return 'it climbs out with ".."'
  if (segments.some((s) => s === '' || s === '.')) return 'it has an empty or "." segment'
  return undefined
}
