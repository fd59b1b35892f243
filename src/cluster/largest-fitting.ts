// Binary search for the largest node count that fits.
/**
 * The largest n in [0, hi] for which `fitsAt` holds, given that it holds at 0
 * and, once false, stays false (every term of the model is non-decreasing in n).
 */
export function largestFitting(hi: number, fitsAt: (n: number) => boolean): number {
  let lo = 0
  let top = hi
  while (lo < top) {
    const mid = lo + Math.ceil((top - lo) / 2)
    if (fitsAt(mid)) lo = mid
    else top = mid - 1
  }
  return lo
}
