// The bundler versions mwpack is tested with, and a clear message for any other.

/**
 * The Vite majors the test suite builds with (see README, "Support"); the
 * peerDependencies range says the same.
 */
export const VITE_MAJORS = [5, 6, 7, 8] as const
const OLDEST_VITE = '5.4'

/**
 * Stops an unsupported Vite before it builds a broken site. Vite 7 and later
 * name their version (`this.meta.viteVersion`); older ones are told apart by
 * the config hook's `isSsrBuild` flag, which Vite 5.1 introduced.
 */
export function checkViteVersion(configEnv: Record<string, unknown>, viteVersion: string | undefined): void {
  const major = viteVersion ? Number(viteVersion.split('.')[0]) : undefined
  const tooOld = major !== undefined ? major < VITE_MAJORS[0] : !('isSsrBuild' in configEnv)
  const tooNew = major !== undefined && major > VITE_MAJORS[VITE_MAJORS.length - 1]!
  if (tooOld || tooNew) {
    const found = viteVersion ? `Vite ${viteVersion}` : 'a Vite older than 5.1'
    throw new Error(
      `mwpack supports Vite ${OLDEST_VITE} to ${VITE_MAJORS.at(-1)}.x (the versions its tests build with); this project uses ${found}. ` +
        `Install a supported Vite (npm install -D vite@${VITE_MAJORS.at(-1)}), or build the memo with the mwpack command line.`,
    )
  }
}

/** Rollup 4 and Rolldown 1 are what the tests build with; Rollup names its version in `this.meta`. */
export function checkBundlerVersion(meta: { viteVersion?: string; rollupVersion?: string; rolldownVersion?: string } | undefined): void {
  if (!meta || meta.viteVersion || meta.rolldownVersion) return
  const major = meta.rollupVersion ? Number(meta.rollupVersion.split('.')[0]) : undefined
  if (major !== undefined && major !== 4) {
    throw new Error(`mwpack supports Rollup 4 (the version its tests build with); this build uses Rollup ${meta.rollupVersion}.`)
  }
}
