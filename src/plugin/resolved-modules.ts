// The generated modules the resolve step made, and the memo each one reads: the only ids `load` answers.

/**
 * A generated module's id is a name, not an address: the file it reads is
 * what `resolveId` recorded after the import passed every check (a memo by
 * `include`, a regular file, one the dev server may give the browser). An id
 * a client makes up (`/@id/__x00__mwpack:memo/..%2Fsecret.js`) was never
 * recorded, so it reads nothing, adds no watch and no memo. Bounded by the
 * memo files that exist, times the five import forms.
 */
export class ResolvedModules {
  private readonly memos = new Map<string, string>()
  private readonly ids = new Map<string, Set<string>>()

  /** Records that the generated module `id` reads the memo at `memoFile` (absolute). */
  record(id: string, memoFile: string): void {
    this.memos.set(id, memoFile)
    const ids = this.ids.get(memoFile) ?? new Set<string>()
    this.ids.set(memoFile, ids.add(id))
  }

  /**
   * The memo a module id reads, or undefined for an id no resolve made. Vite's
   * own `?t=` (HMR) and `?import` may follow the id; any other query makes it
   * another id.
   */
  memoOf(id: string): string | undefined {
    const q = id.indexOf('?')
    if (q !== -1 && [...new URLSearchParams(id.slice(q + 1)).keys()].some((key) => key !== 't' && key !== 'import')) return undefined
    return this.memos.get(q === -1 ? id : id.slice(0, q))
  }

  /** Every module id recorded for a memo file. */
  idsOf(memoFile: string): string[] {
    return [...(this.ids.get(memoFile) ?? [])]
  }
}
