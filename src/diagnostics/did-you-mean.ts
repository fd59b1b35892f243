// Suggests the closest known name for a misspelt key, flag or command.
/**
 * The closest known name to a misspelt one, or undefined when nothing is
 * close enough to be a likely typo. Used for cluster.json keys and CLI flags.
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const wanted = input.toLowerCase()
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const d = editDistance(wanted, candidate.toLowerCase())
    // Ties go to the first candidate: candidates come in schema order, so the answer is stable.
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  // About one edit per three characters, at least two: `gpus_per_nodes`,
  // `leaf_uplinks_ports` and `cpuw` are typos; `gpu_watts` for `gpu_w` is a different word.
  const allowed = Math.max(2, Math.floor(wanted.length / 3))
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
