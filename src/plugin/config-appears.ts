// Watch mode: a config created where the lookup would find it (and would win) rebuilds the memo.
import * as fs from 'node:fs'
import * as path from 'node:path'

/**
 * Rollup and Rolldown watch only files that exist, so a config created beside
 * a memo during `vite build --watch` would go unnoticed. This watches the
 * memo's folder (not recursively, and only for the config names the lookup
 * tries) and, when one appears, marks the memo as changed by setting its
 * modification time, which the bundler's own watcher then sees: bundlers offer
 * plugins no other way to ask for a rebuild. The memo's bytes are untouched.
 */
export class ConfigAppearance {
  private readonly watchers = new Map<string, { watcher: fs.FSWatcher; key: string }>()

  /**
   * Watches for the configs that would win over the one in use (all
   * candidates while there is none; none once the first candidate is in use):
   * `candidates` are absolute paths beside the memo. Called on every load, it
   * follows the memo's current state.
   */
  watch(memoFile: string, candidates: readonly string[]): void {
    const key = candidates.join('\n')
    if (this.watchers.get(memoFile)?.key === key) return
    this.stop(memoFile)
    if (candidates.length === 0) return
    const names = new Set(candidates.map((c) => path.basename(c)))
    const folder = path.dirname(memoFile)
    try {
      const watcher = fs.watch(folder, { persistent: false }, (_event, name) => {
        if (!name || !names.has(name.toString()) || !fs.existsSync(path.join(folder, name.toString()))) return
        this.stop(memoFile)
        const now = new Date()
        fs.utimes(memoFile, now, now, () => {})
      })
      watcher.on('error', () => this.stop(memoFile))
      this.watchers.set(memoFile, { watcher, key })
    } catch {
      // A folder that cannot be watched (gone, no permission) only loses this convenience.
    }
  }

  stop(memoFile: string): void {
    this.watchers.get(memoFile)?.watcher.close()
    this.watchers.delete(memoFile)
  }

  close(): void {
    for (const file of [...this.watchers.keys()]) this.stop(file)
  }
}
