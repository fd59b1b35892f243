// Renders the sizing of the 5 MW memo from its report: every number comes from cluster.json.
import memo from './5mw.memo.md'
import report from './5mw.memo.md?report'
import page from './5mw.memo.md?html'

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 })
const mw = (watts: number) => `${(watts / 1e6).toFixed(3)} MW`

document.querySelector('#lede')!.textContent =
  `${fmt.format(report.nodes)} nodes of ${report.inputs.node.name} fit under ${fmt.format(report.inputs.it_cap_mw)} MW of IT power, ` +
  `limited by ${report.limited_by}.`

const rows: Array<[string, string]> = [
  ['Nodes', fmt.format(report.nodes)],
  ['GPUs', fmt.format(report.gpus)],
  ['GPUs per MW', fmt.format(report.gpus_per_mw)],
  ['Fabric tiers', String(report.tiers)],
  ['Leaves / spines / cores', `${report.leaves} / ${report.spines} / ${report.cores}`],
  ['Total IT power', mw(report.p_total_w)],
  ['Headroom', `${fmt.format(report.headroom_w)} W`],
]
const table = document.querySelector('#sizing')!
for (const [label, value] of rows) {
  const tr = table.appendChild(document.createElement('tr'))
  tr.appendChild(document.createElement('th')).textContent = label
  tr.appendChild(document.createElement('td')).textContent = value
}

const split: Array<[string, number]> = [
  ['Nodes', report.p_node_total_w],
  ['Switches', report.p_switching_w],
  ['Optics', report.p_optics_w],
  ['Other IT', report.p_other_it_w],
  ['Headroom', report.headroom_w],
]
const power = document.querySelector('#power')!
for (const [label, watts] of split) {
  const row = power.appendChild(document.createElement('div'))
  row.className = 'bar'
  const share = (100 * watts) / report.it_cap_w
  row.innerHTML = `<span class="label"></span><span class="track"><span class="fill" style="width:${share.toFixed(2)}%"></span></span><span class="value"></span>`
  row.querySelector('.label')!.textContent = label
  row.querySelector('.value')!.textContent = `${mw(watts)} (${share.toFixed(1)}%)`
}

document.querySelector<HTMLAnchorElement>('#bundle')!.href = memo.files.bundle
document.querySelector<HTMLIFrameElement>('#memo')!.srcdoc = page
