// The playground: publishes two sizing memos with mwpack. Every number comes from each memo's cluster.json.
import flagship from './5mw.memo.md'
import flagshipReport from './5mw.memo.md?report'
import flagshipPage from './5mw.memo.md?html'
import hall from './gb200.memo.md'
import hallReport from './gb200.memo.md?report'
import hallPage from './gb200.memo.md?html'

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 })
const mw = (watts: number) => `${fmt.format(watts / 1e6)} MW`

const memos = [
  { id: '5mw', memo: flagship, report: flagshipReport, page: flagshipPage },
  { id: 'gb200', memo: hall, report: hallReport, page: hallPage },
]

for (const { id, memo, report, page } of memos) {
  const section = document.querySelector<HTMLElement>(`#memo-${id}`)!
  const unit = report.inputs.rack?.whole_racks ? `${fmt.format(report.racks ?? 0)} racks (${fmt.format(report.nodes)} trays)` : `${fmt.format(report.nodes)} nodes`
  const grid = report.grid_w === null ? '' : ` on a ${mw(report.grid_w)} grid connection`
  section.querySelector('.lede')!.textContent =
    `${unit}, ${fmt.format(report.gpus)} GPUs${grid}: ${mw(report.p_total_w)} of IT power, limited by ${report.limited_by}.`
  section.querySelector<HTMLAnchorElement>('.bundle')!.href = memo.files.bundle
  section.querySelector<HTMLIFrameElement>('iframe')!.srcdoc = page
}
