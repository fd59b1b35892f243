// `npm test`'s pretest step: installs the framework test sites from their lockfiles and Node 24, and names missing Debian programs.
//
// Each test site in fixtures/hosts/ installs from its own lockfile, and the sites that need Node 22.12
// or later (Astro) install and run with a Node 24 when this Node is older. Idempotent and quick when
// nothing changed: a site is installed again only when its package.json or lockfile differ from what
// its node_modules was installed from.
//
// Offline or without a registry, a failed install is a note here (an exit 1 in CI, CI set): the tests
// that need the site then fail, naming this script. It also names the Debian packages some tests run
// (Chromium, pandoc, the archive extractors) when they are missing: those tests fail without them.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { delimiter, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const HOSTS = join(ROOT, 'fixtures/hosts')
/** Where the second Node lives; test/helpers/hosts.ts reads it from here. */
const NODE24_DIR = join(ROOT, '.cache/node24')
const NODE24 = join(NODE24_DIR, `node_modules/node-${process.platform}-${process.arch}/bin/node`)
/** Written into a site's node_modules after a successful install: the hash of what it was installed from. */
const STAMP = '.mwpack-installed-from'
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

function note(message) {
  console.log(`install-test-sites: ${message}`)
}

function run(args, cwd, env = process.env) {
  const result = spawnSync(npm, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] })
  return result.status === 0
}

/** True when this Node runs Astro itself (22.12 or later), so no second Node is needed. */
function nodeIsModern() {
  const [major, minor] = process.versions.node.split('.').map(Number)
  return major > 22 || (major === 22 && minor >= 12)
}

/**
 * Node 24 in .cache/node24, from npm's node-OS-ARCH package; its own package.json keeps npm from installing
 * into the project. Not needed when this Node is 24 (the same-bytes test builds under a second major, Astro
 * needs 22.12 or later).
 */
function ensureNode24() {
  if (existsSync(NODE24)) return NODE24
  if (process.versions.node.split('.')[0] === '24') return undefined
  mkdirSync(NODE24_DIR, { recursive: true })
  if (!existsSync(join(NODE24_DIR, 'package.json'))) writeFileSync(join(NODE24_DIR, 'package.json'), '{ "private": true }\n')
  note(`installing Node 24 into .cache/node24 (node-${process.platform}-${process.arch})`)
  const args = ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `node-${process.platform}-${process.arch}@24`]
  if (run(args, NODE24_DIR) && existsSync(NODE24)) return NODE24
  note('Node 24 could not be installed: the Astro, Starlight and Node 24 same-bytes tests will fail')
  return undefined
}

/** What a site is installed from: its package.json and lockfile. */
export function fingerprint(site) {
  const hash = createHash('sha256')
  for (const file of ['package.json', 'package-lock.json']) hash.update(readFileSync(join(site, file))).update('\0')
  return hash.digest('hex')
}

/**
 * True when node_modules holds exactly the lockfile's packages though no stamp
 * says so (a tree `npm ci` installed before this script existed): npm's own
 * record of the tree (node_modules/.package-lock.json) names every package the
 * lockfile requires on this platform, at the lockfile's version.
 */
export function treeMatchesLockfile(site) {
  const hidden = join(site, 'node_modules/.package-lock.json')
  if (!existsSync(hidden)) return false
  const wanted = JSON.parse(readFileSync(join(site, 'package-lock.json'), 'utf8')).packages ?? {}
  const installed = JSON.parse(readFileSync(hidden, 'utf8')).packages ?? {}
  for (const [key, entry] of Object.entries(wanted)) {
    if (key === '' || entry.link) continue
    const have = installed[key]
    if (!have) {
      if (entry.optional) continue
      return false
    }
    if (have.version !== entry.version) return false
  }
  return Object.keys(installed).every((key) => key in wanted)
}

/**
 * Whether a site's node_modules must be installed again: its stamp names other
 * package.json and lockfile bytes, or there is no stamp and npm's record of
 * the tree does not match the lockfile. A tree that matches gets its stamp.
 */
export function needsInstall(site) {
  const wanted = fingerprint(site)
  const stamp = join(site, 'node_modules', STAMP)
  if (existsSync(stamp)) return readFileSync(stamp, 'utf8').trim() !== wanted
  if (!treeMatchesLockfile(site)) return true
  writeFileSync(stamp, `${wanted}\n`)
  return false
}

/** Records that a site's node_modules was installed from its current package.json and lockfile. */
function stampInstalled(site) {
  writeFileSync(join(site, 'node_modules', STAMP), `${fingerprint(site)}\n`)
}

/** Programs outside npm that tests run, by the Debian package that provides them (`.ci/run` installs them). */
const DEBIAN_PROGRAMS = [
  ['chromium', 'chromium'],
  ['pandoc', 'pandoc'],
  ['python3', 'python3'],
  ['bsdtar', 'libarchive-tools'],
  ['unzip', 'unzip'],
]

/** Names the Debian packages whose programs are missing, so the failures they cause are expected. */
function noteMissingPrograms() {
  const chromium = process.env.MWPACK_CHROMIUM ?? '/usr/bin/chromium'
  const missing = DEBIAN_PROGRAMS.filter(([program]) => spawnSync(program === 'chromium' ? chromium : program, ['--version'], { stdio: 'ignore' }).error)
  if (missing.length > 0) {
    note(
      `${missing.map(([program]) => program).join(', ')} not installed: the tests that run them will fail (apt-get install ${missing.map(([, debian]) => debian).join(' ')})`,
    )
  }
}

function main() {
  noteMissingPrograms()
  const node24 = ensureNode24()
  let failed = 0
  for (const name of readdirSync(HOSTS).sort()) {
    const site = join(HOSTS, name)
    if (!existsSync(join(site, 'package-lock.json')) || !needsInstall(site)) continue
    // Sites marked .node24 (Astro) install with Node 22.12 or later, as their packages require.
    const needsModern = existsSync(join(site, '.node24'))
    if (needsModern && !node24 && !nodeIsModern()) {
      note(`skipping fixtures/hosts/${name}: it needs Node 22.12 or later`)
      failed++
      continue
    }
    const env = needsModern && node24 ? { ...process.env, PATH: `${dirname(node24)}${delimiter}${process.env.PATH}` } : process.env
    note(`installing fixtures/hosts/${name} from its lockfile`)
    if (run(['ci', '--no-audit', '--no-fund', '--loglevel=error'], site, env)) stampInstalled(site)
    else {
      note(`npm ci failed in fixtures/hosts/${name}: its tests will fail`)
      failed++
    }
  }
  // In CI every site must be there; elsewhere the tests say what is missing.
  if (failed > 0 && process.env.CI) process.exit(1)
}

// Run as a script (npm test's pretest); imported by its test for the decision alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main()
