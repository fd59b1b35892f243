// `mwpack render`: build, plus memo.html (a self-contained page) and optionally memo.pdf.
import { spawnSync } from 'node:child_process'
import { HTML_FILE, PDF_FILE } from '../../artifact-layout.js'
import { error, type Diagnostic } from '../../diagnostics/diagnostic.js'
import { PAGE_CONTENT_SECURITY_POLICY, renderMemoPage } from '../../render/render-page.js'
import { EXIT, userError, type CliContext, type CommandOutcome } from '../context.js'
import type { ParsedCommandLine } from '../parse-command-line.js'
import { printPdf } from '../print-pdf.js'
import { buildFolder } from './build.js'

const ENGINES = ['builtin', 'pandoc']
const FORMATS = ['html', 'pdf']

export function runRender(args: ParsedCommandLine, context: CliContext): Promise<CommandOutcome> {
  const engine = (args.flags.engine as string | undefined) ?? 'builtin'
  const format = (args.flags.format as string | undefined) ?? 'html'
  if (!ENGINES.includes(engine))
    return Promise.resolve(userError([error('MWP_ARG_INVALID', `--engine ${engine} is not supported`, { hint: 'use --engine builtin or --engine pandoc' })]))
  if (!FORMATS.includes(format))
    return Promise.resolve(userError([error('MWP_ARG_INVALID', `--format ${format} is not supported`, { hint: 'use --format html or --format pdf' })]))

  // Renderers are found before anything is built, so a missing one changes nothing on disk.
  const pandoc = engine === 'pandoc' ? findProgram(context, ['pandoc']) : undefined
  if (engine === 'pandoc' && !pandoc)
    return Promise.resolve(
      missing(
        'pandoc was asked for (--engine pandoc) but is not installed or not on PATH',
        'install pandoc, or leave out --engine to use the built-in renderer',
      ),
    )
  const chromium =
    format === 'pdf'
      ? findProgram(
          context,
          context.env.MWPACK_CHROMIUM ? [context.env.MWPACK_CHROMIUM] : ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'],
        )
      : undefined
  if (format === 'pdf' && !chromium)
    return Promise.resolve(
      missing(
        'no PDF engine found: --format pdf prints the page with Chromium or Chrome, and none is installed',
        'install chromium (or set MWPACK_CHROMIUM to a Chrome binary), or render --format html and print it from a browser',
      ),
    )

  const timeout = renderTimeout(context.env)
  if (!timeout.ok) return Promise.resolve(userError([timeout.diagnostic]))

  return buildFolder(args, context, async (prepared, artifacts) => {
    // The engine runs inside renderMemoPage; a pandoc failure is kept here and reported instead of the page.
    let engineFailure: string | undefined
    const engine = pandoc
      ? (markdown: string) => {
          const converted = runPandoc(pandoc, markdown, context.env, timeout.milliseconds)
          if (!converted.ok) engineFailure = converted.error
          return converted.ok ? converted.html : ''
        }
      : undefined
    const html = renderMemoPage({
      markdown: prepared.markdown,
      report: prepared.report,
      manifest: artifacts.manifest,
      markdownMap: prepared.markdownMap,
      ...(engine ? { engine } : {}),
    })
    if (engineFailure) return rendererFailed(engineFailure, 'run pandoc on the memo by hand to see why, or leave out --engine to use the built-in renderer')
    const files = new Map<string, Uint8Array>([[HTML_FILE, new Uint8Array(Buffer.from(html))]])
    if (chromium) {
      const pdf = await printPdf(chromium, html, {
        timeoutMs: timeout.milliseconds,
        contentSecurityPolicy: PAGE_CONTENT_SECURITY_POLICY,
        env: context.env as NodeJS.ProcessEnv,
      })
      if (!pdf.ok)
        return rendererFailed(pdf.error, 'render --format html and print memo.html from a browser, or set MWPACK_CHROMIUM to another Chromium or Chrome')
      files.set(PDF_FILE, pdf.bytes)
    }
    return { ok: true, files }
  })
}

function missing(message: string, hint: string): CommandOutcome {
  return { exitCode: EXIT.rendererMissing, diagnostics: [error('MWP_RENDERER_MISSING', message, { hint })] }
}

function rendererFailed(message: string, hint: string): { ok: false; outcome: CommandOutcome } {
  return { ok: false, outcome: { exitCode: EXIT.rendererMissing, diagnostics: [error('MWP_RENDERER_FAILED', message, { hint })] } }
}

/** The first of the programs that runs, looked up on the PATH the user gave us. */
function findProgram(context: CliContext, names: string[]): string | undefined {
  for (const name of names) {
    const probe = spawnSync(name, ['--version'], { env: context.env as NodeJS.ProcessEnv, stdio: 'ignore', timeout: 20_000 })
    if (!probe.error && probe.status === 0) return name
  }
  return undefined
}

/** What pandoc may write: far above any page a 256 KiB memo makes. */
const PANDOC_OUTPUT_BYTES = 64 * 1024 * 1024

/**
 * GitHub-flavoured Markdown to HTML with pandoc. Raw HTML passes through, as
 * on GitHub; the page's sanitizer decides what of it stays. A pandoc that
 * fails, is killed or runs past the time limit (pandoc slows down sharply on
 * deeply nested lists and quotes) is a sentence, never an exception.
 */
function runPandoc(pandoc: string, markdown: string, env: CliContext['env'], timeoutMs: number): { ok: true; html: string } | { ok: false; error: string } {
  const result = spawnSync(pandoc, ['--from=gfm', '--to=html5'], {
    input: markdown,
    encoding: 'utf8',
    env: env as NodeJS.ProcessEnv,
    maxBuffer: PANDOC_OUTPUT_BYTES,
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  })
  const said = result.stderr?.trim().split('\n')[0]?.slice(0, 300)
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT')
    return { ok: false, error: `pandoc did not finish converting the memo within ${timeoutMs / 1000} s` }
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOBUFS')
    return { ok: false, error: `pandoc wrote more than ${PANDOC_OUTPUT_BYTES / 1024 / 1024} MiB of HTML` }
  // EPIPE: pandoc stopped before reading the whole memo; its exit status below says how.
  if (result.error && ((result.error as NodeJS.ErrnoException).code !== 'EPIPE' || result.status === null))
    return { ok: false, error: `pandoc could not be run: ${result.error.message}` }
  if (result.status !== 0)
    return {
      ok: false,
      error: `pandoc could not convert the memo (${result.signal ? `killed by ${result.signal}` : `exit ${result.status}`})${said ? `: ${said}` : ''}`,
    }
  return { ok: true, html: result.stdout }
}

/** How long each outside renderer may take: MWPACK_RENDER_TIMEOUT seconds, 60 by default. */
function renderTimeout(env: CliContext['env']): { ok: true; milliseconds: number } | { ok: false; diagnostic: Diagnostic } {
  const raw = env.MWPACK_RENDER_TIMEOUT
  if (raw === undefined || raw === '') return { ok: true, milliseconds: 60_000 }
  const seconds = /^\d{1,4}(\.\d{1,3})?$/.test(raw) ? Number(raw) : NaN
  if (!(seconds >= 0.1 && seconds <= 3600))
    return {
      ok: false,
      diagnostic: error('MWP_ARG_INVALID', `MWPACK_RENDER_TIMEOUT is "${raw}"; expected a number of seconds from 0.1 to 3600`, {
        hint: 'unset it to allow 60 s',
      }),
    }
  return { ok: true, milliseconds: Math.round(seconds * 1000) }
}
