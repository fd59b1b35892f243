// The cap sweep as printed by `mwpack size --sweep-cap`: an aligned table or CSV.
import type { CapSweepPoint } from '../cluster/cap-sweep.js'
import { withThousands } from '../format/numbers.js'

interface Column {
  /** Header in the table. */
  title: string
  /** Header in CSV: the JSON key it comes from. */
  key: string
  /** The value for a reader. */
  text(point: CapSweepPoint): string
  /** The value for a program: as JSON writes it, no separators, no units. */
  raw(point: CapSweepPoint): string
}

const plain = (value: number | string | null | undefined) => (value === null || value === undefined ? '' : String(value))

const V1_COLUMNS: Column[] = [
  { title: 'IT cap MW', key: 'it_cap_mw', text: (p) => withThousands(p.it_cap_mw), raw: (p) => plain(p.it_cap_mw) },
  { title: 'nodes', key: 'nodes', text: (p) => withThousands(p.nodes), raw: (p) => plain(p.nodes) },
  { title: 'GPUs', key: 'gpus', text: (p) => withThousands(p.gpus), raw: (p) => plain(p.gpus) },
  { title: 'GPUs/MW', key: 'gpus_per_mw', text: (p) => withThousands(p.gpus_per_mw, 1), raw: (p) => plain(p.gpus_per_mw) },
  { title: 'draw MW', key: 'p_total_w', text: (p) => withThousands(p.p_total_w / 1e6, 3), raw: (p) => plain(p.p_total_w) },
  { title: 'tiers', key: 'tiers', text: (p) => String(p.tiers), raw: (p) => plain(p.tiers) },
  { title: 'limited by', key: 'limited_by', text: (p) => p.limited_by, raw: (p) => p.limited_by },
]

const CAPPING_COLUMNS: Column[] = [
  { title: 'GPU W', key: 'capped_gpu_power_w', text: (p) => withThousands(p.power_capping!.gpu_power_w, 1), raw: (p) => plain(p.power_capping?.gpu_power_w) },
  { title: 'GPU %', key: 'capped_fraction', text: (p) => withThousands(p.power_capping!.fraction * 100, 1), raw: (p) => plain(p.power_capping?.fraction) },
  { title: 'capped nodes', key: 'capped_nodes', text: (p) => withThousands(p.power_capping!.nodes), raw: (p) => plain(p.power_capping?.nodes) },
  {
    title: 'throughput',
    key: 'throughput_gpu_equivalents',
    text: (p) => withThousands(p.power_capping!.throughput_gpu_equivalents, 1),
    raw: (p) => plain(p.power_capping?.throughput_gpu_equivalents),
  },
  {
    title: 'gain',
    key: 'gain_vs_uncapped',
    text: (p) => (p.power_capping!.gain_vs_uncapped === null ? 'n/a' : `${withThousands((p.power_capping!.gain_vs_uncapped - 1) * 100, 2)}%`),
    raw: (p) => plain(p.power_capping?.gain_vs_uncapped),
  },
]

function columns(points: readonly CapSweepPoint[]): Column[] {
  return points.some((p) => p.power_capping) ? [...V1_COLUMNS, ...CAPPING_COLUMNS] : V1_COLUMNS
}

/** Right-aligned columns with a header; the capping columns appear when the config has a power_capping block. */
export function sweepTable(points: readonly CapSweepPoint[]): string[] {
  const cols = columns(points)
  const rows = [cols.map((c) => c.title), ...points.map((p) => cols.map((c) => c.text(p)))]
  const widths = cols.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows.map((r) => r.map((cell, i) => cell.padStart(widths[i]!)).join('  '))
}

/** RFC 4180 CSV with the JSON keys as headers; no cell needs quoting (numbers and fixed words only). */
export function sweepCsv(points: readonly CapSweepPoint[]): string[] {
  const cols = columns(points)
  return [cols.map((c) => c.key).join(','), ...points.map((p) => cols.map((c) => c.raw(p)).join(','))]
}
