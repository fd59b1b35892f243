import { spawnSync, type SpawnSyncOptions } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The built command line, exactly as `npm install mwpack` ships it. */
export const CLI = fileURLToPath(new URL('../../dist/mwpack.cjs', import.meta.url))
export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

export interface RunOptions {
  cwd?: string
  env?: Record<string, string | undefined>
  /** Another node binary (the same-bytes test runs Node 24 too). */
  node?: string
  /** A shell prefix such as `umask 077;`: the command then runs through sh. */
  shellPrefix?: string
  /** Kill the run after this long (a test of something that must not hang); `code` is then null. */
  timeoutMs?: number
}

/** Spawns `mwpack ...args` with colour off and a clean, fixed environment. */
export function mwpack(args: readonly string[], options: RunOptions = {}): CliRun {
  const env: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', TZ: 'UTC', LANG: 'C.UTF-8', ...options.env }
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key]
  const spawnOptions: SpawnSyncOptions = {
    cwd: options.cwd ?? ROOT,
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    ...(options.timeoutMs ? { timeout: options.timeoutMs, killSignal: 'SIGKILL' as const } : {}),
  }
  const node = options.node ?? process.execPath
  const result = options.shellPrefix
    ? spawnSync('sh', ['-c', `${options.shellPrefix} exec "$0" "$@"`, node, CLI, ...args], spawnOptions)
    : spawnSync(node, [CLI, ...args], spawnOptions)
  return { code: result.status, stdout: String(result.stdout), stderr: String(result.stderr) }
}
