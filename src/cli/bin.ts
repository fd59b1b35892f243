#!/usr/bin/env node
// The `mwpack` executable: wires the process (argv, streams, colour) to runCli.
import { fileURLToPath } from 'node:url'
import { codeCacheFolder } from './code-cache-folder.js'
import { loadWithCodeCache } from './load-with-code-cache.js'
import type * as Main from './main.js'

// The command line proper is CommonJS chunks beside this file (scripts/build.mjs), compiled with
// V8's code cache: compiling them was most of a short command's start (docs/architecture.md).
const cli = loadWithCodeCache(fileURLToPath(new URL('./bin-chunks/main.cjs', import.meta.url)), codeCacheFolder(process.env))
const { runCli } = cli.exports as typeof Main

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

void runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color,
}).then((code) => {
  process.exitCode = code
  // Only a run that succeeded stores compiled code: one that refused its input changes nothing on disk, anywhere.
  if (code === 0) cli.saveCache()
})
