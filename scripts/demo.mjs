// `npm run demo`: builds the playground site with mwpack and says where each memo's bundle is.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { build } from 'vite'

await build({ root: 'playground', logLevel: 'warn' })

console.log(`built the playground site into playground/dist`)
for (const name of ['5mw', 'gb200']) {
  const bundle = `playground/dist/mwpack/${name}/bundle.zip`
  const report = JSON.parse(readFileSync(`playground/dist/mwpack/${name}/cluster_report.json`, 'utf8'))
  const sha256 = createHash('sha256').update(readFileSync(bundle)).digest('hex')
  const racks = report.racks === null ? '' : ` in ${report.racks} racks`
  console.log(`bundle  ${bundle}`)
  console.log(`sha256  ${sha256}`)
  console.log(
    `sizing  ${report.nodes} nodes${racks}, ${report.gpus} GPUs (${report.gpus_per_mw.toFixed(1)} per MW of IT), ${report.tiers} tiers, limited by ${report.limited_by}`,
  )
}
