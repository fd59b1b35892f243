import { closeSync, cpSync, ftruncateSync, openSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './cli.js'
import { tempDir } from './tree.js'

/** A file of `bytes` bytes that takes no disk space (a sparse file, as `truncate -s` makes). */
export function sparseFile(path: string, bytes: number): void {
  const fd = openSync(path, 'w')
  try {
    ftruncateSync(fd, bytes)
  } finally {
    closeSync(fd)
  }
}

export const GiB = 1024 * 1024 * 1024

/** A temp folder holding the playground example: 5mw.memo.md and 5mw.cluster.json. */
export function exampleFolder(): string {
  const dir = tempDir()
  cpSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.memo.md`, join(dir, '5mw.memo.md'))
  cpSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`, join(dir, '5mw.cluster.json'))
  return dir
}

/** The example config with a power-capping curve of `points` points (the schema allows 1,000). */
export function configWithCurve(points: number): string {
  const config = JSON.parse(readFileSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`, 'utf8'))
  config.power_capping.curve = Array.from({ length: points }, (_, i) => {
    const fraction = Number((0.3 + (0.7 * i) / (points - 1)).toFixed(6))
    return i === points - 1 ? [1, 1] : [fraction, Number(Math.sqrt(fraction).toFixed(6))]
  })
  return JSON.stringify(config, null, 2)
}

/**
 * Markdown text of exactly `bytes` bytes made of `unit` repeated after a
 * heading (ASCII units only). It ends in a newline, as a normalized memo
 * does; with `needsNormalizing` it ends in a space instead, so normalization
 * has an edit to make and to prove harmless (its slow path).
 */
export function memoOfSize(bytes: number, unit: string, options: { needsNormalizing?: boolean } = {}): string {
  const head = '# Memo\n\n'
  const end = options.needsNormalizing ? ' ' : '\n'
  const body = unit.repeat(Math.ceil((bytes - head.length) / unit.length)).slice(0, bytes - head.length - end.length)
  return `${head}${body}${end}`
}
