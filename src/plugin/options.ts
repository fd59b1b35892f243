// The plugin's options: what users pass, checked and resolved with defaults in one place.
import * as v from 'valibot'
import { error, MwpackError, type Diagnostic } from '../diagnostics/diagnostic.js'
import { didYouMean } from '../diagnostics/did-you-mean.js'
import { resolveSourceDateEpoch } from '../pipeline/source-date-epoch.js'

export interface Options {
  /**
   * Which files are memos, tested against the path without its query.
   * Without the `g` and `y` flags, which make `test()` remember where it stopped.
   * @default /\.memo\.md$/
   */
  include?: RegExp
  /**
   * Folder in the build output that receives `NAME/{memo.md, cluster_report.json, MANIFEST.json, bundle.zip}`.
   * A relative path with forward slashes, its folders named with letters, digits, `.`, `_`, `-` and `~`
   * (it is part of every artifact URL).
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
  /**
   * Keep what each memo becomes in a cache keyed by its content (memo and
   * config bytes, these options, mwpack's version and code), so a rebuild
   * with nothing changed reads it back instead of parsing, sizing and
   * zipping again. Vite keeps it in its `cacheDir` (`node_modules/.vite/mwpack`),
   * Rollup and Rolldown in `node_modules/.cache/mwpack`. `false` turns it off.
   * @default true
   */
  cache?: boolean
}

export interface ResolvedOptions {
  include: RegExp
  outDir: string
  strict: boolean
  sourceDateEpoch: number
  config: ((memoPath: string) => string | undefined) | undefined
  cache: boolean
}

/** One folder name of `outDir`: URL-safe, so artifact links need no escaping; never `.` or `..`. */
const OUT_DIR_SEGMENT = /^(?!\.\.?$)[A-Za-z0-9._~-]+$/

const NO_NUL = (text: string) => !text.includes('\0')
const CONFIG_EXPECTED = 'expected a config path (a non-empty string, relative to the project root) or a function from the memo path to one'

/** Each option's schema and what it expects, in the words its message uses. */
export const OPTION_SCHEMAS = {
  include: v.optional(
    v.pipe(
      v.instance(RegExp, 'expected a RegExp tested against the file path, such as /\\.memo\\.md$/'),
      v.check(
        (r) => !r.global && !r.sticky,
        'the g and y flags make RegExp test() resume where the last match ended, so a memo would match only every other time; drop them',
      ),
    ),
  ),
  outDir: v.optional(
    v.pipe(
      v.string('expected a relative folder path (a string)'),
      v.check(
        (dir) =>
          dir
            .replace(/\/+$/, '')
            .split('/')
            .every((segment) => OUT_DIR_SEGMENT.test(segment)),
        'expected a relative folder path with forward slashes, its folders named with letters, digits, ".", "_", "-" and "~" (no "." or ".." folders, no empty ones): it is part of every artifact URL',
      ),
    ),
  ),
  strict: v.optional(v.boolean('expected true or false')),
  sourceDateEpoch: v.optional(v.number('expected a whole number of seconds since 1970 (the output of `date +%s`)')),
  config: v.optional(v.union([v.pipe(v.string(), v.nonEmpty(CONFIG_EXPECTED), v.check(NO_NUL, CONFIG_EXPECTED)), v.function()], CONFIG_EXPECTED)),
  cache: v.optional(v.boolean('expected true or false')),
} as const

/**
 * Checks options against `schemas`, every problem at once, each naming the
 * option as the user wrote the call: `mwpack({ outDir: 42 }): expected ...`.
 * `call` is the function the user called (`mwpack`, `withMwpack(config, ...)`).
 */
export function checkOptions(value: unknown, schemas: Record<string, v.GenericSchema>, call: string): Diagnostic[] {
  const names = Object.keys(schemas)
  if (value === undefined) return []
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof RegExp) {
    return [error('MWP_ARG_INVALID', `${call}(${show(value)}): expected an options object ({ ${names.join(', ')} }) or nothing`)]
  }
  const problems: Diagnostic[] = []
  for (const [key, given] of Object.entries(value)) {
    // Own keys only: `{ constructor: 1 }` is an unknown option, not Object's constructor.
    const schema = Object.hasOwn(schemas, key) ? schemas[key] : undefined
    if (!schema) {
      const near = didYouMean(key, names)
      problems.push(error('MWP_ARG_UNKNOWN', `${call}({ ${key} }): unknown option; ${near ? `did you mean ${near}? ` : ''}the options are ${names.join(', ')}`))
      continue
    }
    const result = v.safeParse(schema, given)
    if (!result.success) problems.push(error('MWP_ARG_INVALID', `${call}({ ${key}: ${show(given)} }): ${messageOf(result.issues)}`))
  }
  return problems
}

/** The most specific message of valibot's issues (a union's own message names what any branch would take). */
function messageOf(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0]!
  return issue.type === 'union' || !issue.issues ? issue.message : messageOf(issue.issues)
}

/** A value as it would appear in the user's code, short. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'function') return 'a function'
  if (value instanceof RegExp) return String(value)
  if (value === null || typeof value !== 'object') return String(value)
  return Array.isArray(value) ? '[...]' : '{...}'
}

/**
 * Resolves options against the environment; bad options throw one
 * MwpackError with a diagnostic for each, naming the option. `call` names
 * the function the user called, for the messages.
 */
export function resolveOptions(options?: Options, env: Readonly<Record<string, string | undefined>> = process.env, call = 'mwpack'): ResolvedOptions {
  const problems = checkOptions(options, OPTION_SCHEMAS, call)
  const given = problems.length === 0 ? (options ?? {}) : {}
  const epoch = resolveSourceDateEpoch(
    given.sourceDateEpoch === undefined ? undefined : { value: given.sourceDateEpoch, from: "the plugin's `sourceDateEpoch` option" },
    env,
  )
  if (!epoch.ok) problems.push(epoch.diagnostic)
  if (problems.length > 0) throw new MwpackError(problems)

  const config = given.config
  return {
    include: given.include ?? /\.memo\.md$/,
    outDir: (given.outDir ?? 'mwpack').replace(/\/+$/, ''),
    strict: given.strict ?? Boolean(env.CI && env.CI !== 'false' && env.CI !== '0'),
    sourceDateEpoch: epoch.ok ? epoch.value : 0,
    config: typeof config === 'string' ? () => config : config,
    cache: given.cache ?? true,
  }
}
