import { execFileSync } from 'node:child_process'
import { cpSync, existsSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, mwpack } from '../helpers/cli.js'
import { snapshotTree, tempDir } from '../helpers/tree.js'

// Every file mwpack reads is judged by its type and size before a byte is read: a FIFO would block
// a read forever, /dev/zero never ends, and a socket cannot be opened at all.
let cwd = ''
let socket: Server | undefined
beforeAll(async () => {
  cwd = tempDir()
  cpSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.memo.md`, join(cwd, '5mw.memo.md'))
  cpSync(`${ROOT}/fixtures/memos/v1-5mw/5mw.cluster.json`, join(cwd, '5mw.cluster.json'))
  execFileSync('mkfifo', [join(cwd, 'pipe.memo.md'), join(cwd, 'pipe.json'), join(cwd, 'pipe.zip')])
  socket = createServer()
  await new Promise<void>((resolve) => socket!.listen(join(cwd, 'socket.memo.md'), resolve))
})
afterAll(() => socket?.close())

const cases: { args: string[]; file: string; says: RegExp }[] = [
  { args: ['build', 'pipe.memo.md', '--out', 'out'], file: 'pipe.memo.md', says: /the memo is a FIFO, not a regular file/ },
  { args: ['build', '/dev/zero', '--out', 'out'], file: '/dev/zero', says: /the memo is a character device, not a regular file/ },
  { args: ['build', 'socket.memo.md', '--out', 'out'], file: 'socket.memo.md', says: /the memo is a special file, not a regular file/ },
  { args: ['build', '5mw.memo.md', '--config', 'pipe.json', '--out', 'out'], file: 'pipe.json', says: /the cluster config \(--config\) is a FIFO/ },
  { args: ['build', '5mw.memo.md', '--config', '/dev/zero', '--out', 'out'], file: '/dev/zero', says: /the cluster config \(--config\) is a character device/ },
  { args: ['render', 'pipe.memo.md', '--out', 'out'], file: 'pipe.memo.md', says: /the memo is a FIFO/ },
  { args: ['validate', '/dev/zero'], file: '/dev/zero', says: /the memo is a character device/ },
  { args: ['size', 'pipe.json'], file: 'pipe.json', says: /the cluster config is a FIFO/ },
  { args: ['size', '/dev/zero'], file: '/dev/zero', says: /the cluster config is a character device/ },
  { args: ['verify', 'pipe.zip'], file: 'pipe.zip', says: /the bundle is a FIFO/ },
  { args: ['verify', '/dev/zero'], file: '/dev/zero', says: /the bundle is a character device/ },
]

describe('FIFOs, devices and sockets as inputs: refused at once, named, nothing written', () => {
  it.each(cases.map((c) => ({ ...c, name: c.args.join(' ') })))('mwpack $name', ({ args, file, says }) => {
    const before = snapshotTree(cwd)
    const run = mwpack(args, { cwd, timeoutMs: 20_000 })
    expect(run.code, `${run.stderr} (null: it hung and was killed)`).toBe(2)
    expect(run.stderr).toContain(`${file}: error: `)
    expect(run.stderr).toMatch(says)
    expect(run.stderr).toContain('[MWP_FILE_UNREADABLE]')
    expect(snapshotTree(cwd)).toEqual(before)
    expect(existsSync(join(cwd, 'out'))).toBe(false)
  })
})
