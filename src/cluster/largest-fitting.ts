// Binary search for the largest node count that fits.
/**
 * The largest n in [lo, hi] for which `fitsAt` holds, given that it holds at
 * lo and, once false, stays false (every term of the model is non-decreasing in n).
 */
export function largestFitting(hi: number, fitsAt: (n: number) => boolean, lo = 0): number {
  let fits = lo
  let top = hi
  while (fits < top) {
    const mid = fits + Math.ceil((top - fits) / 2)
    if (fitsAt(mid)) fits = mid
    else top = mid - 1
  }
  return fits
}
