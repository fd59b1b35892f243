#!/usr/bin/env node
// The `mwpack` executable: wires the process (argv, streams, colour) to runCli.
import module from 'node:module'

// Node 22.1+ can keep compiled code between runs, which shortens every later start;
// older Nodes lack the function and skip this. It must run before the rest is imported.
;(module as { enableCompileCache?: () => unknown }).enableCompileCache?.()

const { runCli } = await import('./main.js')

// Colour only for a person at a terminal, and never when NO_COLOR is set (https://no-color.org).
const color = process.stderr.isTTY === true && !process.env.NO_COLOR

// A reader that stops early (`mwpack validate --json | head`) is no error of mwpack's: stop writing
// quietly, as Unix tools do, instead of dying with an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e
    process.exit(process.exitCode ?? 0)
  })
}

process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color,
})
