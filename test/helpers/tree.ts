import { createHash } from 'node:crypto'
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll } from 'vitest'

/**
 * Every file and folder under `root` with a hash of its content: compare two
 * to prove nothing changed. Links are recorded by target and FIFOs, devices
 * and sockets by kind, never followed or read (a FIFO would block).
 */
export function snapshotTree(root: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name)
      const key = relative(root, full).split('\\').join('/')
      if (entry.isDirectory()) {
        out[`${key}/`] = 'dir'
        walk(full)
      } else if (entry.isSymbolicLink()) {
        out[key] = `link ${readlinkSync(full)} ${lstatSync(full).mtimeMs}`
      } else if (!entry.isFile()) {
        out[key] = `special ${lstatSync(full).mode}`
      } else {
        out[key] = createHash('sha256').update(readFileSync(full)).digest('hex') + ` ${statSync(full).mtimeMs}`
      }
    }
  }
  walk(root)
  return out
}

const made: string[] = []
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

/** A fresh temporary folder, removed after the test file. */
export function tempDir(prefix = 'mwpack-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

/** A temporary copy of a fixture folder. */
export function copyFixture(from: string, prefix?: string): string {
  const dir = tempDir(prefix)
  cpSync(from, dir, { recursive: true })
  return dir
}
