// The cap sweep as printed by `mwpack size --sweep-cap`: an aligned table or CSV.
import type { CapSweepPoint } from '../cluster/cap-sweep.js'
import { displayNumber } from '../format/display.js'
import { quantityAt } from '../format/units.js'

interface Column {
  /** Header in the table, with the unit its cells are in. */
  title: string
  /** Header in CSV: the JSON key it comes from. */
  key: string
  /** The value: a number shown as its quantity is everywhere (the unit in the header), or text. */
  value(point: CapSweepPoint): number | string | null | undefined
  /** The quantity's path in the sweep, for its display (src/format/units.ts). */
  path: string
  /** Whether the column applies to these points. */
  applies(points: readonly CapSweepPoint[]): boolean
}

const always = () => true
const withGrid = (points: readonly CapSweepPoint[]) => points.some((p) => p.grid_mw !== null)
const withRacks = (points: readonly CapSweepPoint[]) => points.some((p) => p.racks !== null)
const withCapping = (points: readonly CapSweepPoint[]) => points.some((p) => p.power_capping !== null)

const COLUMNS: Column[] = [
  { title: 'grid MW', key: 'grid_mw', path: 'sweep.0.grid_mw', value: (p) => p.grid_mw, applies: withGrid },
  { title: 'IT cap MW', key: 'it_cap_mw', path: 'sweep.0.it_cap_mw', value: (p) => p.it_cap_mw, applies: always },
  { title: 'nodes', key: 'nodes', path: 'sweep.0.nodes', value: (p) => p.nodes, applies: always },
  { title: 'racks', key: 'racks', path: 'sweep.0.racks', value: (p) => p.racks, applies: withRacks },
  { title: 'GPUs', key: 'gpus', path: 'sweep.0.gpus', value: (p) => p.gpus, applies: always },
  { title: 'GPUs/MW', key: 'gpus_per_mw', path: 'sweep.0.gpus_per_mw', value: (p) => p.gpus_per_mw, applies: always },
  { title: 'draw W', key: 'p_total_w', path: 'sweep.0.p_total_w', value: (p) => p.p_total_w, applies: always },
  { title: 'meter W', key: 'facility_w', path: 'sweep.0.facility_w', value: (p) => p.facility_w, applies: withGrid },
  { title: 'tiers', key: 'tiers', path: 'sweep.0.tiers', value: (p) => p.tiers, applies: always },
  { title: 'limited by', key: 'limited_by', path: 'sweep.0.limited_by', value: (p) => p.limited_by, applies: always },
  {
    title: 'GPU W',
    key: 'capped_gpu_power_w',
    path: 'sweep.0.power_capping.gpu_power_w',
    value: (p) => p.power_capping?.gpu_power_w,
    applies: withCapping,
  },
  { title: 'GPU fraction', key: 'capped_fraction', path: 'sweep.0.power_capping.fraction', value: (p) => p.power_capping?.fraction, applies: withCapping },
  { title: 'capped nodes', key: 'capped_nodes', path: 'sweep.0.power_capping.nodes', value: (p) => p.power_capping?.nodes, applies: withCapping },
  {
    title: 'throughput',
    key: 'throughput_gpu_equivalents',
    path: 'sweep.0.power_capping.throughput_gpu_equivalents',
    value: (p) => p.power_capping?.throughput_gpu_equivalents,
    applies: withCapping,
  },
  {
    title: 'gain vs uncapped',
    key: 'gain_vs_uncapped',
    path: 'sweep.0.power_capping.gain_vs_uncapped',
    value: (p) => p.power_capping?.gain_vs_uncapped,
    applies: withCapping,
  },
]

function columns(points: readonly CapSweepPoint[]): Column[] {
  return COLUMNS.filter((c) => c.applies(points))
}

/** A cell for a reader: the number as mwpack shows that quantity everywhere, its unit in the header. */
function text(column: Column, point: CapSweepPoint): string {
  const value = column.value(point)
  if (value === null || value === undefined) return 'n/a'
  return typeof value === 'number' ? displayNumber(value, quantityAt(column.path)!) : value
}

/** Right-aligned columns with a header; grid, rack and capping columns appear when the config has those blocks. */
export function sweepTable(points: readonly CapSweepPoint[]): string[] {
  const cols = columns(points)
  const rows = [cols.map((c) => c.title), ...points.map((p) => cols.map((c) => text(c, p)))]
  // A reduce, not Math.max(...): a sweep has up to 20,000 rows, more than a call may take as arguments.
  const widths = cols.map((_, i) => rows.reduce((width, r) => Math.max(width, r[i]!.length), 0))
  return rows.map((r) => r.map((cell, i) => cell.padStart(widths[i]!)).join('  '))
}

/** RFC 4180 CSV with the JSON keys as headers and the values as JSON writes them; no cell needs quoting (numbers and fixed words only). */
export function sweepCsv(points: readonly CapSweepPoint[]): string[] {
  const cols = columns(points)
  const raw = (c: Column, p: CapSweepPoint) => {
    const value = c.value(p)
    return value === null || value === undefined ? '' : String(value)
  }
  return [cols.map((c) => c.key).join(','), ...points.map((p) => cols.map((c) => raw(c, p)).join(','))]
}
