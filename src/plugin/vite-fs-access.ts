// Vite's `server.fs` rule for files a browser may load in dev, as Vite applies it to its own files.

/** The parts of a resolved Vite config (5 to 8) the rule reads; `fsDenyGlob` is on the config from Vite 6, on the server in Vite 5. */
export interface ViteFsConfig {
  server: { fs: { strict: boolean; allow: readonly string[] } }
  fsDenyGlob?: (file: string) => boolean
}

/**
 * True when Vite's dev server lets a browser load `file` (an absolute path):
 * Vite's own `isFileLoadingAllowed` (vite/src/node/server/middlewares/static.ts),
 * which Vite applies to the files it reads itself. With `fs.strict` off every
 * file is allowed; otherwise `fs.deny` wins, then the file must lie in or be
 * one of `fs.allow`. A colon past a drive letter is refused as Vite refuses it
 * (it could name an alternate data stream on Windows).
 */
export function viteAllowsLoading(config: ViteFsConfig, denyGlob: ((file: string) => boolean) | undefined, file: string): boolean {
  const { fs } = config.server
  if (!fs.strict) return true
  const normalized = file.replace(/\\/g, '/')
  const windows = /^[A-Za-z]:/.test(normalized)
  if ((windows ? normalized.slice(2) : normalized).includes(':')) return false
  if (windows && normalized.includes('~')) return false
  const deny = config.fsDenyGlob ?? denyGlob
  if (deny?.(normalized.replace(/\/$/, ''))) return false
  return fs.allow.some((allowed) => {
    const dir = allowed.replace(/\\/g, '/')
    return normalized === dir || normalized.startsWith(dir.endsWith('/') ? dir : `${dir}/`)
  })
}
