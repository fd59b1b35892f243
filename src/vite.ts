// `import mwpack from 'mwpack/vite'`: the Vite plugin.
import { mwpack } from './plugin/unplugin.js'

const vite = mwpack.vite
export default vite
export { vite as 'module.exports' }
