// Builds the package: tsc for the library and types, rolldown for the CLI.
//
// The command line is bundled because a few modules load several times faster
// than the ~60 files of its dependencies (see docs/architecture.md).
import { execFileSync } from 'node:child_process'
import { chmodSync, copyFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { rolldown } from 'rolldown'

const require = createRequire(import.meta.url)
rmSync('dist', { recursive: true, force: true })
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' })
// Ambient module types are hand-written; tsc does not copy .d.ts sources.
copyFileSync('src/client.d.ts', 'dist/client.d.ts')

const bundle = await rolldown({
  input: 'src/cli/bin.ts',
  platform: 'node',
  external: [/^node:/],
  // commonmark imports only decodeHTMLStrict from entities; taking it from the decoder module
  // leaves the encoder tables (about 45 kB the CLI would parse on every start) out of the bundle.
  resolve: { alias: { entities: require.resolve('entities/lib/decode.js', { paths: [require.resolve('commonmark')] }) } },
  logLevel: 'warn',
})
// Commands load their implementation on demand, so each becomes a chunk beside the entry.
await bundle.write({
  dir: 'dist',
  entryFileNames: 'mwpack.js',
  chunkFileNames: 'bin-chunks/[name]-[hash].js',
  format: 'esm',
  comments: { legal: true },
  // MWPACK_NO_MINIFY=1 keeps names readable for profiling.
  minify: !process.env.MWPACK_NO_MINIFY,
})
await bundle.close()
chmodSync('dist/mwpack.js', 0o755)
