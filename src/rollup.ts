// `import mwpack from 'mwpack/rollup'`: the Rollup plugin.
import { mwpack } from './plugin/unplugin.js'

const rollup = mwpack.rollup
export default rollup
export { rollup as 'module.exports' }
