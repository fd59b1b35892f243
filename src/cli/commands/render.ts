// `mwpack render`: build, plus memo.html (a self-contained page) and optionally memo.pdf.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'
import { HTML_FILE, PDF_FILE } from '../../artifact-layout.js'
import { error } from '../../diagnostics/diagnostic.js'
import { renderMemoPage } from '../../render/render-page.js'
import { EXIT, userError, type CliContext, type CommandOutcome } from '../context.js'
import type { ParsedCommandLine } from '../parse-command-line.js'
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

  return buildFolder(args, context, async (prepared, artifacts) => {
    const html = renderMemoPage({
      markdown: prepared.markdown,
      report: prepared.report,
      manifest: artifacts.manifest,
      markdownMap: prepared.markdownMap,
      ...(pandoc ? { engine: (markdown: string) => runPandoc(pandoc, markdown) } : {}),
    })
    const files = new Map<string, Uint8Array>([[HTML_FILE, new Uint8Array(Buffer.from(html))]])
    if (chromium) {
      const pdf = printPdf(chromium, html)
      if (!pdf.ok) return { ok: false, outcome: { exitCode: EXIT.rendererMissing, diagnostics: [error('MWP_RENDERER_MISSING', pdf.error)] } }
      files.set(PDF_FILE, pdf.bytes)
    }
    return { ok: true, files }
  })
}

function missing(message: string, hint: string): CommandOutcome {
  return { exitCode: EXIT.rendererMissing, diagnostics: [error('MWP_RENDERER_MISSING', message, { hint })] }
}

/** The first of the programs that runs, looked up on the PATH the user gave us. */
function findProgram(context: CliContext, names: string[]): string | undefined {
  for (const name of names) {
    const probe = spawnSync(name, ['--version'], { env: context.env as NodeJS.ProcessEnv, stdio: 'ignore', timeout: 20_000 })
    if (!probe.error && probe.status === 0) return name
  }
  return undefined
}

function runPandoc(pandoc: string, markdown: string): string {
  const result = spawnSync(pandoc, ['--from=gfm', '--to=html5'], { input: markdown, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (result.status !== 0) throw new Error(`pandoc failed: ${result.stderr}`)
  return result.stdout
}

/** Prints the page to PDF with headless Chromium, in a throwaway profile, with the network features off. */
function printPdf(chromium: string, html: string): { ok: true; bytes: Uint8Array } | { ok: false; error: string } {
  const work = mkdtempSync(path.join(tmpdir(), 'mwpack-pdf-'))
  try {
    const page = path.join(work, 'memo.html')
    const out = path.join(work, 'memo.pdf')
    writeFileSync(page, html)
    const result = spawnSync(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-first-run',
        '--no-pdf-header-footer',
        `--user-data-dir=${path.join(work, 'profile')}`,
        `--print-to-pdf=${out}`,
        pathToFileURL(page).href,
      ],
      { stdio: 'ignore', timeout: 120_000 },
    )
    if (result.status !== 0) return { ok: false, error: `${chromium} could not print the page to PDF (exit ${result.status ?? result.signal})` }
    return { ok: true, bytes: new Uint8Array(readFileSync(out)) }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
