// `npm run demo`: builds the playground site with mwpack and says where the bundle is.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { build } from 'vite'

await build({ root: 'playground', logLevel: 'warn' })

const bundle = 'playground/dist/mwpack/5mw/bundle.zip'
const report = JSON.parse(readFileSync('playground/dist/mwpack/5mw/cluster_report.json', 'utf8'))
const sha256 = createHash('sha256').update(readFileSync(bundle)).digest('hex')
console.log(`built the playground site into playground/dist`)
console.log(`bundle  ${bundle}`)
console.log(`sha256  ${sha256}`)
console.log(`sizing  ${report.nodes} nodes, ${report.gpus} GPUs (${report.gpus_per_mw} per MW), ${report.tiers} tiers, limited by ${report.limited_by}`)
