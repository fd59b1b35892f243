// Writes the artifacts a site's builds produced into its final output folder, for framework entries.
import * as fs from 'node:fs'
import * as path from 'node:path'
import { replaceFile } from '../node/replace-file.js'
import type { Plugin as VitePlugin } from 'vite'
import type { MwpackApi } from './unplugin.js'

/**
 * Frameworks that prerender pages in a server build (Astro, VitePress) write
 * the site from more than one Vite build, and only the client build's assets
 * reach the published folder. A memo imported only by a prerendered page
 * would have no artifacts there, so at the end of the site build its entry
 * writes every artifact any build produced into the site's output folder:
 * missing files are added, and none is left with other bytes. Each file is
 * written beside its place and renamed into it, so a reader never sees half.
 * Returns the paths written, relative to `outDir`.
 */
export async function publishArtifacts(plugin: VitePlugin, outDir: string): Promise<string[]> {
  const api = plugin.api as MwpackApi
  const written: string[] = []
  for (const [relative, bytes] of await api.builtArtifacts()) {
    const target = path.join(outDir, ...relative.split('/'))
    if (fs.existsSync(target) && Buffer.compare(fs.readFileSync(target), bytes) === 0) continue
    fs.mkdirSync(path.dirname(target), { recursive: true })
    replaceFile(target, bytes)
    written.push(relative)
  }
  return written
}
