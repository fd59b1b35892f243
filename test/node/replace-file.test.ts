import { lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { replaceFile } from '../../dist/node/replace-file.js'
import { tempDir } from '../helpers/tree.js'

const write = async (target: string, bytes: Uint8Array, options?: { mode?: number }) => replaceFile(target, bytes, options)

describe('replacing a file', () => {
  it('writes the bytes with the mode asked for, leaving no temporary file', async () => {
    const dir = tempDir('mwpack-replace-')
    await write(join(dir, 'entry'), new TextEncoder().encode('new'), { mode: 0o644 })
    expect(readFileSync(join(dir, 'entry'), 'utf8')).toBe('new')
    expect(lstatSync(join(dir, 'entry')).mode & 0o777).toBe(0o644 & ~process.umask())
    expect(readdirSync(dir)).toEqual(['entry'])
  })

  it('replaces a link at the target instead of writing through it', async () => {
    const dir = tempDir('mwpack-replace-')
    writeFileSync(join(dir, 'elsewhere'), 'kept')
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'entry'))
    await write(join(dir, 'entry'), new TextEncoder().encode('new'))
    expect(readFileSync(join(dir, 'elsewhere'), 'utf8')).toBe('kept')
    expect(lstatSync(join(dir, 'entry')).isFile()).toBe(true)
  })

  it('fails with what the file system said and removes its own temporary file', async () => {
    const dir = tempDir('mwpack-replace-')
    mkdirSync(join(dir, 'entry'))
    writeFileSync(join(dir, 'entry', 'inside'), 'a folder that cannot be renamed over')
    await expect(write(join(dir, 'entry'), new TextEncoder().encode('new'))).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST|EPERM/)
    expect(readdirSync(dir)).toEqual(['entry'])
  })
})
