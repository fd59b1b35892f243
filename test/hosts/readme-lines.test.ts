import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/cli.js'

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
/** A test site's config as the README shows it: the file without its first comment line. */
const asInReadme = (file: string) => readFileSync(join(ROOT, 'fixtures/hosts', file), 'utf8').replace(/^\/\/.*\n/, '')

// The framework test sites are built from the README's lines, word for word: these tie them together.
describe("the README's framework section", () => {
  it.each([
    'vitepress1/site/.vitepress/config.mts',
    'vitepress2/site/.vitepress/config.mts',
    'astro/site/astro.config.mjs',
    'astro/starlight/astro.config.mjs',
    'astro/starlight/src/content.config.ts',
  ])('shows %s exactly as the test site uses it', (file) => {
    expect(readme).toContain(asInReadme(file))
  })

  it('names the versions the test sites install', () => {
    const installed = (host: string, name: string) =>
      JSON.parse(readFileSync(join(ROOT, 'fixtures/hosts', host, 'package-lock.json'), 'utf8')).packages[`node_modules/${name}`].version as string
    for (const [host, name] of [
      ['vitepress1', 'vitepress'],
      ['vitepress2', 'vitepress'],
      ['vitepress1', 'vite'],
      ['vitepress2', 'vite'],
      ['astro', 'astro'],
      ['astro', '@astrojs/starlight'],
      ['vite-majors', 'vite5'],
      ['vite-majors', 'vite6'],
      ['vite-majors', 'vite7'],
      ['vite-majors', 'vite-plugin-markdown'],
      ['vite-majors', '@mdx-js/rollup'],
    ] as const) {
      expect(readme, `${host} ${name}`).toContain(installed(host, name))
    }
  })
})
