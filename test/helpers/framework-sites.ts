import { spawn, type ChildProcess } from 'node:child_process'
import { cpSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createServer as createNetServer } from 'node:net'
import { extname, join, normalize, relative } from 'node:path'
import { ROOT } from './cli.js'
import { afterAll } from 'vitest'

const copies: string[] = []
afterAll(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/**
 * A copy of a host's site (fixtures/hosts/HOST/SITE) with the small 5 MW memo
 * and its config in `memoFolder`, to edit and build freely. It lives in the
 * host's .work folder (ignored by git, removed after the test file), so the
 * site finds the host's packages by walking up to its node_modules, as in a
 * user's project: frameworks (Astro) resolve their own files wrongly through
 * a linked node_modules.
 */
export function copySite(host: string, site = 'site', memoFolder = '.'): string {
  mkdirSync(join(host, '.work'), { recursive: true })
  const dir = mkdtempSync(join(host, '.work', `${site}-`))
  copies.push(dir)
  cpSync(join(host, site), dir, { recursive: true })
  cpSync(`${ROOT}/fixtures/memos/simple-5mw.memo.md`, join(dir, memoFolder, '5mw.memo.md'))
  cpSync(`${ROOT}/fixtures/reference/h100-5mw-64port.cluster.json`, join(dir, memoFolder, '5mw.cluster.json'))
  return dir
}

/** The environment framework commands run with: no colour, no telemetry, a fixed locale and time zone. */
function frameworkEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', TZ: 'UTC', LANG: 'C.UTF-8', ASTRO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' }
}

/** Runs a framework command to its end (asynchronously, so other tests go on), failing with its output. */
export function run(node: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, args, { cwd, env: frameworkEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${args.join(' ')} exited with ${code}:\n${output}`))))
  })
}

/** A free loopback port. */
export async function freePort(): Promise<number> {
  const server = createNetServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

export interface DevServer {
  url: string
  output: () => string
  stop: () => Promise<void>
}

/** Starts a framework's dev server on a free loopback port and waits until it answers. */
export async function startDevServer(node: string, args: (port: number) => string[], cwd: string): Promise<DevServer> {
  const port = await freePort()
  const child: ChildProcess = spawn(node, args(port), { cwd, env: frameworkEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode !== null) return
    const closed = new Promise((resolve) => child.on('close', resolve))
    child.kill('SIGTERM')
    await closed
  }
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the dev server exited with ${child.exitCode}:\n${output}`)
    try {
      await fetch(url)
      return { url, output: () => output, stop }
    } catch {
      if (Date.now() > deadline) {
        await stop()
        throw new Error(`the dev server did not answer within a minute:\n${output}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.zip': 'application/zip',
  '.svg': 'image/svg+xml',
}

/** Serves a built site folder on loopback, as a static host would (`/a/` is `/a/index.html`, `/a` is `/a.html`). */
export async function serveStatic(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    const base = join(dir, normalize(pathname))
    const file = [base, join(base, 'index.html'), `${base}.html`].find((f) => f.startsWith(dir) && existsSync(f) && statSync(f).isFile())
    if (!file) {
      res.statusCode = 404
      res.end('not found')
      return
    }
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream')
    createReadStream(file).pipe(res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

/** Files under `dir` whose bytes contain any of `needles` (absolute paths, `file://` URLs): what a published site must not hold. */
export function filesContaining(dir: string, needles: readonly string[]): string[] {
  const found: string[] = []
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name)
      if (entry.isDirectory()) walk(full)
      else {
        const text = readFileSync(full).toString('latin1')
        for (const needle of needles) if (text.includes(needle)) found.push(`${relative(dir, full)}: ${needle}`)
      }
    }
  }
  walk(dir)
  return found
}

/** Every file under `dir`, as forward-slash paths relative to it. */
export function listFiles(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name)
      if (entry.isDirectory()) walk(full)
      else out.push(relative(dir, full).split('\\').join('/'))
    }
  }
  walk(dir)
  return out.sort()
}
