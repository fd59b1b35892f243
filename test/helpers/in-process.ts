import { runCli } from '../../src/cli/main.js'
import { ROOT } from './cli.js'

export interface InProcessRun {
  code: number
  stdout: string
  stderr: string
  /** Wall time of the run, in milliseconds. */
  elapsedMs: number
  /** CPU time (user and system) this process spent on the run, in milliseconds: what a loaded machine does not inflate. */
  cpuMs: number
}

/**
 * Runs `mwpack ...argv` in this process, through the same runCli the bin
 * calls, with colour off and a fixed environment. Used where spawning a
 * process proves nothing more (the fuzz suite, the corpus), so thousands of
 * runs stay fast; the spawned CLI is covered by test/cli.
 */
export async function mwpackInProcess(argv: readonly string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<InProcessRun> {
  let stdout = ''
  let stderr = ''
  const started = performance.now()
  const cpuBefore = process.cpuUsage()
  const code = await runCli(argv, {
    cwd,
    env: { TZ: 'UTC', ...env },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    color: false,
  })
  const elapsedMs = performance.now() - started
  const cpu = process.cpuUsage(cpuBefore)
  return { code, stdout, stderr, elapsedMs, cpuMs: (cpu.user + cpu.system) / 1000 }
}

/**
 * `mwpack(args, { cwd, env })` of test/helpers/cli.ts, run in this process
 * (awaited): for tests of what a command does, where a spawned process would
 * only add its start-up. Exit codes, stdio, terminals, signals and the
 * executable itself stay with the spawned helper.
 */
export function inProcess(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<InProcessRun> {
  return mwpackInProcess(args, options.cwd ?? ROOT, options.env)
}
