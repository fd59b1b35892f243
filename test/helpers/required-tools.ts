import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './cli.js'

/**
 * Programs outside npm that some tests drive, each with the Debian package
 * `.ci/run` installs it from. A test that needs one calls `requireProgram`
 * first: when the program is missing the test fails with the line to run,
 * never skips or passes without checking anything.
 */
export type Program = 'chromium' | 'pandoc' | 'python3' | 'bsdtar' | 'unzip' | 'tar'

/** Debian's Chromium; never a browser downloaded by a test tool. */
export const CHROMIUM = process.env.MWPACK_CHROMIUM ?? '/usr/bin/chromium'

/** The Node 24 `npm test` installs first (scripts/install-test-sites.mjs), for the same-bytes and Astro tests. */
export const NODE24 = process.env.MWPACK_NODE24 ?? join(ROOT, `.cache/node24/node_modules/node-${process.platform}-${process.arch}/bin/node`)

const PROGRAMS: Record<Program, { command: string; versionArgs: string[]; debian: string }> = {
  chromium: { command: CHROMIUM, versionArgs: ['--version'], debian: 'chromium' },
  pandoc: { command: 'pandoc', versionArgs: ['--version'], debian: 'pandoc' },
  python3: { command: 'python3', versionArgs: ['--version'], debian: 'python3' },
  bsdtar: { command: 'bsdtar', versionArgs: ['--version'], debian: 'libarchive-tools' },
  unzip: { command: 'unzip', versionArgs: ['-v'], debian: 'unzip' },
  tar: { command: 'tar', versionArgs: ['--version'], debian: 'tar' },
}

const versions = new Map<Program, string | undefined>()

/** The program's first version line, or undefined when it is not installed (asked once per test file). */
export function programVersion(program: Program): string | undefined {
  if (!versions.has(program)) {
    const { command, versionArgs } = PROGRAMS[program]
    const result = spawnSync(command, versionArgs, { encoding: 'utf8', timeout: 30_000 })
    const ok = !result.error && result.status === 0
    versions.set(program, ok ? `${result.stdout}${result.stderr}`.trim().split('\n')[0] : undefined)
  }
  return versions.get(program)
}

/** The Debian package that provides the program. */
export function debianPackage(program: Program): string {
  return PROGRAMS[program].debian
}

/** Throws, naming the Debian packages to install, unless every program is installed; returns the command of the first. */
export function requireProgram(...programs: Program[]): string {
  const missing = programs.filter((program) => programVersion(program) === undefined)
  if (missing.length > 0) {
    const packages = [...new Set(missing.map(debianPackage))].join(' ')
    throw new Error(`${missing.join(', ')} not installed: this test needs it (apt-get install ${packages}; .ci/run installs it)`)
  }
  return PROGRAMS[programs[0]!].command
}

/** Node 24's path: the one in .cache/node24, or this Node when it is 24. Throws, naming the step that installs it, when there is neither. */
export function requireNode24(): string {
  if (!existsSync(NODE24)) {
    if (process.versions.node.split('.')[0] === '24') return process.execPath
    throw new Error(`Node 24 is not installed at .cache/node24: run \`node scripts/install-test-sites.mjs\` (\`npm test\` runs it first)`)
  }
  return NODE24
}
