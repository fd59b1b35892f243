// Prints the page to PDF in headless Chromium: served from memory, nothing else loaded, no script, no way to navigate away.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { DevToolsPipe, type DevToolsEvent } from './devtools-pipe.js'

/**
 * The address the page is printed from: a name under `.invalid`, which
 * never resolves (RFC 2606). It is the same on every machine, so no
 * temporary path ends up in the PDF's links, and the page is answered from
 * memory: it never exists as a file a relative URL could climb out of.
 */
export const PRINTED_PAGE_URL = 'https://memo.invalid/memo.html'

export type PrintOutcome = { ok: true; bytes: Uint8Array; blocked: string[] } | { ok: false; error: string }

/**
 * Chromium's flags: headless, a throwaway profile, none of its own
 * background traffic (updates, sync, metrics), and every host name
 * unresolvable, so even a request the interception below missed could not
 * leave the machine. `--no-sandbox` because Chromium refuses to start as
 * root without it (containers, CI); the page it loads is sanitized, runs no
 * script and fetches nothing.
 */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-extensions',
  '--disable-sync',
  '--disable-breakpad',
  '--no-first-run',
  '--no-default-browser-check',
  '--mute-audio',
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--remote-debugging-pipe',
]

/**
 * Loads `html` at `PRINTED_PAGE_URL` and prints it. Every request goes
 * through the DevTools `Fetch` interception: the page's own first request
 * is answered with `html` (and the page's Content-Security-Policy as a
 * header too), every other one fails before it is sent, a navigation as
 * "aborted" so the page stays. Script is off. If the page is not the one
 * loaded when it has finished loading, nothing is printed. Resolves with
 * the PDF and the URLs it refused, or an error sentence; never rejects.
 */
export async function printPdf(
  chromium: string,
  html: string,
  options: { timeoutMs: number; contentSecurityPolicy: string; env: NodeJS.ProcessEnv },
): Promise<PrintOutcome> {
  const work = mkdtempSync(path.join(tmpdir(), 'mwpack-pdf-'))
  const child = spawn(chromium, [...FLAGS, `--user-data-dir=${path.join(work, 'profile')}`], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    env: options.env,
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)))
  const exited = new Promise<number | string>((resolve) => child.on('close', (code, signal) => resolve(code ?? signal ?? 'unknown')))
  const blocked: string[] = []
  let served = false
  let pageLoaded: () => void = () => undefined
  const loaded = new Promise<void>((resolve) => (pageLoaded = resolve))
  const pipe = new DevToolsPipe(child.stdio[3] as Writable, child.stdio[4] as Readable, (event) => void answer(event))
  const answer = async (event: DevToolsEvent) => {
    if (event.method === 'Fetch.requestPaused') {
      const { requestId, request, resourceType } = event.params as { requestId: string; request: { url: string }; resourceType: string }
      if (!served && request.url === PRINTED_PAGE_URL && resourceType === 'Document') {
        served = true
        await pipe
          .send(
            'Fetch.fulfillRequest',
            {
              requestId,
              responseCode: 200,
              responseHeaders: [
                { name: 'Content-Type', value: 'text/html; charset=utf-8' },
                { name: 'Content-Security-Policy', value: options.contentSecurityPolicy },
              ],
              body: Buffer.from(html).toString('base64'),
            },
            event.sessionId,
          )
          .catch(() => undefined)
      } else {
        blocked.push(request.url)
        const errorReason = resourceType === 'Document' ? 'Aborted' : 'BlockedByClient'
        await pipe.send('Fetch.failRequest', { requestId, errorReason }, event.sessionId).catch(() => undefined)
      }
    } else if (event.method === 'Page.loadEventFired') {
      pageLoaded()
    } else if (event.method === 'Page.javascriptDialogOpening') {
      await pipe.send('Page.handleJavaScriptDialog', { accept: false }, event.sessionId).catch(() => undefined)
    }
  }

  let timer: NodeJS.Timeout | undefined
  const seconds = Math.round(options.timeoutMs / 1000)
  try {
    const stopped = (code: number | string): PrintOutcome => ({
      ok: false,
      error: `${chromium} stopped before it printed the page (exit ${code})${lastLine(stderr)}`,
    })
    return await Promise.race<PrintOutcome>([
      print(pipe, loaded).then(
        (bytes) => ({ ok: true, bytes, blocked }) as const,
        async (e: unknown) => {
          // A broken pipe usually means Chromium exited: say how, if it did.
          const code = await Promise.race([exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2000))])
          return code === undefined
            ? { ok: false, error: `${chromium} could not print the page: ${e instanceof Error ? e.message : String(e)}${lastLine(stderr)}` }
            : stopped(code)
        },
      ),
      new Promise(
        (resolve) => (timer = setTimeout(() => resolve({ ok: false, error: `${chromium} did not print the page within ${seconds} s` }), options.timeoutMs)),
      ),
      new Promise((resolve) => child.on('error', (e) => resolve({ ok: false, error: `${chromium} could not be started: ${e.message}` }))),
      exited.then(stopped),
    ])
  } finally {
    clearTimeout(timer)
    pipe.close(new Error('printing is over'))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await exited
    rmSync(work, { recursive: true, force: true })
  }
}

async function print(pipe: DevToolsPipe, loaded: Promise<void>): Promise<Uint8Array> {
  const { targetId } = (await pipe.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string }
  const { sessionId } = (await pipe.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string }
  const send = (method: string, params: Record<string, unknown> = {}) => pipe.send(method, params, sessionId)
  await send('Fetch.enable', { patterns: [{ urlPattern: '*' }] })
  await send('Emulation.setScriptExecutionDisabled', { value: true })
  await send('Page.enable')
  const navigation = (await send('Page.navigate', { url: PRINTED_PAGE_URL })) as { errorText?: string }
  if (navigation.errorText) throw new Error(`the page did not load (${navigation.errorText})`)
  await loaded
  const { frameTree } = (await send('Page.getFrameTree')) as { frameTree: { frame: { url: string } } }
  if (frameTree.frame.url !== PRINTED_PAGE_URL) throw new Error(`the page navigated away to ${frameTree.frame.url}`)
  const { data } = (await send('Page.printToPDF', { printBackground: true, displayHeaderFooter: false, transferMode: 'ReturnAsBase64' })) as { data: string }
  return new Uint8Array(Buffer.from(data, 'base64'))
}

/** Chromium's last word on stderr, for the message when it fails. */
function lastLine(stderr: string): string {
  const line = stderr.trim().split('\n').at(-1)?.trim()
  return line ? `; it said: ${line.slice(0, 300)}` : ''
}
