import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { requireProgram, type Program } from './required-tools.js'
import { tempDir } from './tree.js'

/**
 * Real extractors, run in a sandbox: what each writes to disk for an archive.
 * The output folder sits five folders deep inside a fresh temp folder, so a
 * member that climbs out (`../../x`) lands inside the sandbox, where it is
 * seen and reported as `../../x`, instead of in the test's own files.
 */
export type Tool = 'python-zipfile' | 'python-tarfile' | 'bsdtar' | 'bsdtar-stream' | 'unzip' | 'gnu-tar'

export const ZIP_TOOLS: readonly Tool[] = ['python-zipfile', 'bsdtar', 'bsdtar-stream', 'unzip']
export const TAR_TOOLS: readonly Tool[] = ['python-tarfile', 'bsdtar', 'bsdtar-stream', 'gnu-tar']

/** The program each tool runs (test/helpers/required-tools.ts names its Debian package). */
export const TOOL_PROGRAMS: Record<Tool, Program> = {
  'python-zipfile': 'python3',
  'python-tarfile': 'python3',
  bsdtar: 'bsdtar',
  'bsdtar-stream': 'bsdtar',
  unzip: 'unzip',
  'gnu-tar': 'tar',
}

/** Throws, naming the Debian packages to install, unless every tool's program is installed. */
export function requireTools(tools: readonly Tool[]): void {
  requireProgram(...new Set(tools.map((tool) => TOOL_PROGRAMS[tool])))
}

/** What one extractor wrote: every file (by path relative to its output folder) with its sha256, and anything else it made. */
export interface Extraction {
  tool: Tool
  /** The tool reported success (exit 0, no exception). */
  ok: boolean
  files: Record<string, string>
  /** Directories, links and special files it created, as `path (kind)`. */
  others: string[]
  /** The text of the MANIFEST.json it wrote, if it wrote one as a regular file. */
  manifest: string | undefined
  log: string
}

const DEPTH = ['a', 'b', 'c', 'd', 'e']

// Legacy extraction, the most permissive a user can run: Python's tarfile before its 'data' filter became the default.
const PYTHON = `
import json, sys, tarfile, zipfile
results = []
for mode, archive, out in json.load(sys.stdin):
    try:
        if mode == 'zip':
            with zipfile.ZipFile(archive) as z:
                z.extractall(out)
        else:
            with tarfile.open(archive) as t:
                if hasattr(tarfile, 'fully_trusted_filter'):
                    t.extractall(out, filter='fully_trusted')
                else:
                    t.extractall(out)
        results.append(None)
    except Exception as e:
        results.append(f'{type(e).__name__}: {e}')
print(json.dumps(results))
`

/** Extracts each archive with each tool; Python runs once for all of its jobs. Throws, naming the Debian packages, when a tool is missing. */
export function extractAll(archives: readonly { path: string; bytes: Uint8Array }[], tools: readonly Tool[]): Map<string, Extraction[]> {
  requireTools(tools)
  const out = new Map<string, Extraction[]>(archives.map((a) => [a.path, []]))
  const python: { tool: Tool; archive: string; root: string; output: string }[] = []
  for (const archive of archives) {
    for (const tool of tools) {
      const root = tempDir('mwpack-extract-')
      const output = join(root, ...DEPTH, 'out')
      mkdirSync(output, { recursive: true })
      if (tool === 'python-zipfile' || tool === 'python-tarfile') {
        python.push({ tool, archive: archive.path, root, output })
        continue
      }
      const run = spawnExtractor(tool, archive, output)
      out.get(archive.path)!.push({
        tool,
        ...walk(root, output),
        ok: run.status === 0 && !run.error,
        log: `${run.stdout ?? ''}${run.stderr ?? ''}`
          .replace(/(Enter passphrase:)+/g, 'Enter passphrase: ')
          .replace(/^Archive: .*\n/, '')
          .trim(),
      })
    }
  }
  if (python.length > 0) {
    const jobs = python.map((j) => [j.tool === 'python-zipfile' ? 'zip' : 'tar', j.archive, j.output])
    const run = spawnSync('python3', ['-c', PYTHON], { input: JSON.stringify(jobs), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`)
    const results = JSON.parse(run.stdout) as (string | null)[]
    python.forEach((job, i) => out.get(job.archive)!.push({ tool: job.tool, ...walk(job.root, job.output), ok: results[i] === null, log: results[i] ?? '' }))
  }
  return out
}

function spawnExtractor(tool: Tool, archive: { path: string; bytes: Uint8Array }, output: string) {
  const options = { cwd: output, encoding: 'utf8' as const, timeout: 30_000 }
  switch (tool) {
    case 'bsdtar':
      return spawnSync('bsdtar', ['-xf', archive.path], options)
    case 'bsdtar-stream':
      // Through a pipe, so libarchive cannot seek: it reads zips entry by entry from the local headers.
      return spawnSync('bsdtar', ['-xf', '-'], { ...options, input: archive.bytes })
    case 'unzip':
      // -o: overwrite without asking, as a scripted extraction does; stdin is closed either way.
      return spawnSync('unzip', ['-o', archive.path, '-d', output], options)
    case 'gnu-tar':
      return spawnSync('tar', ['-xzf', archive.path], options)
    default:
      throw new Error(`not a spawned tool: ${tool}`)
  }
}

/** Everything under the sandbox but its scaffold, relative to the output folder (so escapes read `../x`). */
function walk(root: string, output: string): { files: Record<string, string>; others: string[]; manifest: string | undefined } {
  const files: Record<string, string> = {}
  const others: string[] = []
  const scaffold = new Set(DEPTH.map((_, i) => join(root, ...DEPTH.slice(0, i + 1))).concat(output))
  // Names are read as bytes: an extractor may write a name that is not UTF-8, which a string path cannot reach.
  const visit = (dir: Buffer) => {
    for (const name of readdirSync(dir, { encoding: 'buffer' }).sort(Buffer.compare)) {
      const full = Buffer.concat([dir, Buffer.from('/'), name])
      const stat = lstatSync(full)
      const text = full.toString('utf8')
      const key = Buffer.from(text, 'utf8').equals(full) ? relative(output, text) : `${relative(output, dir.toString('utf8'))}/<bytes ${name.toString('hex')}>`
      if (stat.isDirectory()) {
        if (!scaffold.has(text)) others.push(`${key}/ (directory)`)
        visit(full)
      } else if (stat.isFile()) {
        files[key] = createHash('sha256').update(readFileSync(full)).digest('hex')
      } else {
        others.push(`${key} (${stat.isSymbolicLink() ? 'symlink' : 'special file'})`)
      }
    }
  }
  visit(Buffer.from(root))
  const manifest = files['MANIFEST.json'] === undefined ? undefined : readFileSync(join(output, 'MANIFEST.json'), 'utf8')
  return { files, others, manifest }
}

/**
 * Did the tool extract exactly the files its own copy of MANIFEST.json lists,
 * with the listed bytes, the manifest itself included, and nothing else? When
 * `manifestSha256` is given, its MANIFEST.json must also be that one (the one
 * verify read). Returns the first difference, or undefined when it agrees.
 */
export function disagreement(extraction: Extraction, manifestSha256?: string): string | undefined {
  if (!extraction.ok) return `it failed: ${extraction.log.slice(0, 200)}`
  if (extraction.others.length > 0) return `it made ${extraction.others.join(', ')}`
  const manifestText = extraction.manifest
  if (manifestText === undefined) return 'it wrote no MANIFEST.json'
  const sha = extraction.files['MANIFEST.json']
  if (manifestSha256 && sha !== manifestSha256) return 'its MANIFEST.json differs from the one verify read'
  let listed: { path: string; sha256: string }[]
  try {
    listed = (JSON.parse(manifestText) as { files: { path: string; sha256: string }[] }).files
  } catch {
    return 'its MANIFEST.json is not JSON'
  }
  const expected: Record<string, string> = { 'MANIFEST.json': sha!, ...Object.fromEntries(listed.map((f) => [f.path, f.sha256])) }
  const actual = extraction.files
  for (const [path, hash] of Object.entries(expected)) {
    if (actual[path] === undefined) return `it did not write ${path}`
    if (actual[path] !== hash) return `it wrote other bytes for ${path}`
  }
  const extra = Object.keys(actual).filter((path) => !(path in expected))
  if (extra.length > 0) return `it also wrote ${extra.join(', ')}`
  return undefined
}

/** Writes bytes to a fresh file for the tools that take a path. */
export function archiveFile(name: string, bytes: Uint8Array): string {
  const path = join(tempDir('mwpack-archive-'), name)
  writeFileSync(path, bytes)
  return path
}
