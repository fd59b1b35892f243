// Artifact names: derived from the memo file name, checked to be a plain folder name.
import { error, type Diagnostic } from '../diagnostics/diagnostic.js'

/** spec/artifacts.md, "Name": letters, digits, `.`, `_`, `-`; not starting with `.`; at most 100 characters. */
const NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/

/**
 * The artifact name a memo file gets: `5mw.memo.md` -> `5mw`, `notes.md` ->
 * `notes`. Works on `/` and `\` paths alike, so a Windows path names the same memo.
 */
export function nameFromMemoPath(path: string): string {
  const base = basename(path)
  return base.replace(/\.memo\.md$/i, '').replace(/\.(md|markdown)$/i, '')
}

/** The last segment of a `/` or `\` path. */
export function basename(path: string): string {
  const segments = path.split(/[\\/]/)
  return segments.at(-1) ?? path
}

/**
 * A name is a folder name, never a path: `--name ../x` must not write outside
 * the output folder, so anything but the allowed characters is an error.
 */
export function checkName(name: string, source: { flag?: string; file?: string }): Diagnostic | undefined {
  if (NAME.test(name)) return undefined
  const why =
    name === ''
      ? 'it is empty'
      : name.length > 100
        ? `it has ${name.length} characters (at most 100)`
        : name.startsWith('.')
          ? 'it starts with "."'
          : /[\\/]/.test(name)
            ? 'it contains a path separator'
            : `it contains ${JSON.stringify([...name].find((c) => !/[A-Za-z0-9._-]/.test(c)))}`
  return error('MWP_NAME_INVALID', `artifact name ${JSON.stringify(name)} is not allowed: ${why}`, {
    ...(source.file ? { file: source.file } : {}),
    hint: `${source.flag ? `${source.flag} takes` : 'use'} letters, digits, ".", "_" and "-", not starting with "."`,
  })
}
