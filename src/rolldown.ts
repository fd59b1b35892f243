// `import mwpack from 'mwpack/rolldown'`: the Rolldown plugin.
import { mwpack } from './plugin/unplugin.js'

const rolldown = mwpack.rolldown
export default rolldown
export { rolldown as 'module.exports' }
