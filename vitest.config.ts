import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

/** Tests that build the framework sites of fixtures/hosts (Astro, Starlight, VitePress, older Vite majors, other Markdown plugins). */
const FRAMEWORK_TESTS = [
  'test/hosts/**/*.test.ts',
  'test/plugin/vite-majors.test.ts',
  'test/plugin/vite-dev-requests.test.ts',
  'test/plugin/markdown-neighbours.test.ts',
]

export default defineConfig({
  test: {
    // Spawned CLIs, real Vite and Rollup builds: generous per-test time, no timing assertions.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One test file per core. Vitest's default for a run is one fewer than the cores, which on two
    // cores runs every file in turn though most wait on spawned CLIs, builds and Chromium: measured
    // on two loaded cores, `vitest run --project core` took 357 s with one worker and 193 s with two.
    maxWorkers: availableParallelism(),
    // The JSON report is what .ci/run counts; the default reporter is for people.
    reporters: ['default', ['json', { outputFile: '.vitest/results.json' }]],
    // `npm test` runs both; `npm run test:core` only the first (`vitest run --project core`).
    projects: [
      // The core files share a worker's loaded modules instead of importing mwpack's source afresh for
      // each file: measured on two loaded cores, the same core run took 246 s of CPU isolated (106 s of
      // it importing) and 181 s shared (29 s importing). Forks, not threads: tests change directory.
      { extends: true, test: { name: 'core', include: ['test/**/*.test.ts'], exclude: FRAMEWORK_TESTS, isolate: false } },
      { extends: true, test: { name: 'frameworks', include: FRAMEWORK_TESTS } },
    ],
  },
})
