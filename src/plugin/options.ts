// The plugin's options: what users pass, checked and resolved with defaults in one place.
import { error, MwpackError } from '../diagnostics/diagnostic.js'
import { resolveSourceDateEpoch } from '../pipeline/source-date-epoch.js'

export interface Options {
  /**
   * Which files are memos, tested against the path without its query.
   * @default /\.memo\.md$/
   */
  include?: RegExp
  /**
   * Folder in the build output that receives `NAME/{memo.md, cluster_report.json, MANIFEST.json, bundle.zip}`.
   * A relative path with forward slashes.
   * @default 'mwpack'
   */
  outDir?: string
  /**
   * Treat sizing warnings (below min_nodes, no node fits) as errors.
   * @default true when the CI environment variable is set, else false
   */
  strict?: boolean
  /**
   * Timestamp of the zip entries, in seconds since 1970.
   * @default the SOURCE_DATE_EPOCH environment variable, else 0
   */
  sourceDateEpoch?: number
  /**
   * The cluster config of a memo: a path (relative to the project root) used
   * for every memo, or a function from the memo's absolute path to a config
   * path (or undefined for the usual lookup).
   * @default NAME.cluster.json, then cluster.json, beside the memo
   */
  config?: string | ((memoPath: string) => string | undefined)
}

export interface ResolvedOptions {
  include: RegExp
  outDir: string
  strict: boolean
  sourceDateEpoch: number
  config: ((memoPath: string) => string | undefined) | undefined
}

/** Resolves options against the environment; a bad option throws with a message naming it. */
export function resolveOptions(options: Options = {}, env: Readonly<Record<string, string | undefined>> = process.env): ResolvedOptions {
  const problems = []
  const outDir = (options.outDir ?? 'mwpack').replace(/\/+$/, '')
  if (
    outDir === '' ||
    outDir.startsWith('/') ||
    /^[A-Za-z]:/.test(outDir) ||
    outDir.includes('\\') ||
    outDir.split('/').some((s) => s === '..' || s === '.' || s === '')
  ) {
    problems.push(
      error(
        'MWP_ARG_INVALID',
        `mwpack({ outDir: ${JSON.stringify(options.outDir)} }): expected a relative folder path with forward slashes, without "." or ".."`,
      ),
    )
  }
  if (options.include !== undefined && !(options.include instanceof RegExp)) {
    problems.push(error('MWP_ARG_INVALID', 'mwpack({ include }): expected a RegExp tested against the file path'))
  }

  const epoch = resolveSourceDateEpoch(
    options.sourceDateEpoch === undefined ? undefined : { value: options.sourceDateEpoch, from: "the plugin's `sourceDateEpoch` option" },
    env,
  )
  if (!epoch.ok) problems.push(epoch.diagnostic)
  if (problems.length > 0) throw new MwpackError(problems)

  const config = options.config
  return {
    include: options.include ?? /\.memo\.md$/,
    outDir,
    strict: options.strict ?? Boolean(env.CI && env.CI !== 'false' && env.CI !== '0'),
    sourceDateEpoch: epoch.ok ? epoch.value : 0,
    config: typeof config === 'string' ? () => config : config,
  }
}
