// From the meter to the IT cap and the usable cap: grid MW, peak PUE and the design margin, exact in milliwatts.
import type { CapSource } from './cluster-config.js'
import { decimalRatio, floor, mul, roundHalfUp, sub, ONE, type Ratio } from './exact-ratio.js'
import { megawattsToMilliwatts, type Milliwatts } from './power.js'

/** The power a config may spend, each figure exact (docs/model.md, "The power budget"). */
export interface PowerBudget {
  /** grid_mw to the nearest milliwatt; undefined without a facility block. */
  grid: Milliwatts | undefined
  /** peak_pue exactly as written; undefined without a facility block. */
  peakPue: Ratio | undefined
  /** it_cap_mw to the nearest milliwatt, or grid / peak_pue rounded down. */
  itCap: Milliwatts
  /** itCap * (1 - margin_fraction), rounded down: what the solver sizes against. */
  usable: Milliwatts
}

/**
 * Rounds down wherever it divides, so the answer never exceeds what the site
 * can draw. `it_cap_mw` and `facility` exclude each other (the schema's
 * MWP_CONFIG_CAP_SOURCE rule; the type says so too).
 */
export function powerBudget(config: CapSource & { margin_fraction: number }): PowerBudget {
  let grid: Milliwatts | undefined
  let peakPue: Ratio | undefined
  let itCap: Milliwatts
  if (config.it_cap_mw !== undefined) {
    itCap = megawattsToMilliwatts(config.it_cap_mw)
  } else {
    grid = megawattsToMilliwatts(config.facility.grid_mw)
    peakPue = decimalRatio(config.facility.peak_pue)
    itCap = (grid * peakPue.d) / peakPue.n
  }
  const keep = sub(ONE, decimalRatio(config.margin_fraction))
  return { grid, peakPue, itCap, usable: floor(mul({ n: itCap, d: 1n }, keep)) }
}

/** Facility power at the meter for an IT draw: it * peak_pue, to the nearest milliwatt. */
export function facilityPower(it: Milliwatts, peakPue: Ratio): Milliwatts {
  return roundHalfUp(mul({ n: it, d: 1n }, peakPue))
}

/** Milliwatts in megawatts, one rounding from the exact figure, for per-MW ratios and display. */
export function toMegawatts(mw: Milliwatts): number {
  return Number(mw) / 1e9
}
