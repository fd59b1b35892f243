// Suggests the closest known name for a misspelt key, flag or command.
/** Longest name a suggestion is looked for: keys, flags, formats and commands are far shorter. */
const MAX_TYPO_LENGTH = 64

/**
 * The closest known name to a misspelt one, or undefined when nothing is
 * close enough to be a likely typo (nor for a name over 64 characters). Used
 * for cluster.json keys, CLI flags, plugin options and memo references.
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  // A name far longer than any candidate is no typo of one; measuring it would cost length x candidates
  // cells (a 1 MB key in a config under the size limit took seconds and hundreds of MB).
  if (input.length > MAX_TYPO_LENGTH) return undefined
  const wanted = input.toLowerCase()
  // About one edit per three characters, at least two: `gpus_per_nodes`,
  // `leaf_uplinks_ports` and `cpuw` are typos; `gpu_watts` for `gpu_w` is a different word.
  const allowed = Math.max(2, Math.floor(wanted.length / 3))
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    // The distance is at least the difference in length: no need to measure what cannot be close.
    if (Math.abs(candidate.length - wanted.length) > allowed) continue
    const d = editDistance(wanted, candidate.toLowerCase())
    // Ties go to the first candidate: candidates come in schema order, so the answer is stable.
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return best !== undefined && bestDistance <= allowed ? best : undefined
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[] = new Array(rows * cols).fill(0)
  const at = (i: number, j: number) => d[i * cols + j]!
  for (let i = 0; i < rows; i++) d[i * cols] = i
  for (let j = 0; j < cols; j++) d[j] = j
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, at(i - 2, j - 2) + 1)
      d[i * cols + j] = value
    }
  }
  return at(a.length, b.length)
}
