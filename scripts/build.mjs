// Builds the package: tsc for the library and types, rolldown for the CLI.
//
// The command line is bundled because a few modules load several times faster
// than the ~60 files of its dependencies, and it is CommonJS so the entry can
// compile it with V8's code cache (see docs/architecture.md).
import { execFileSync } from 'node:child_process'
import { chmodSync, copyFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { rolldown } from 'rolldown'

const require = createRequire(import.meta.url)
rmSync('dist', { recursive: true, force: true })
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' })
// Ambient module types are hand-written; tsc does not copy .d.ts sources.
copyFileSync('src/client.d.ts', 'dist/client.d.ts')

// MWPACK_NO_MINIFY=1 keeps names readable for profiling.
const minify = !process.env.MWPACK_NO_MINIFY

// The command line proper: main.cjs and one chunk per command (loaded on demand), so
// `mwpack size` never loads the zip writer or the Markdown parsers.
const cli = await rolldown({
  input: { main: 'src/cli/main.ts' },
  platform: 'node',
  external: [/^node:/],
  resolve: {
    alias: {
      // commonmark imports only decodeHTMLStrict from entities; taking it from the decoder module
      // leaves the encoder tables (about 45 kB the CLI would parse on every start) out of the bundle.
      entities: require.resolve('entities/lib/decode.js', { paths: [require.resolve('commonmark')] }),
      // yazl's CRC-32 in JavaScript, run cold over every zip entry, was 10 ms of `mwpack build`.
      'buffer-crc32': new URL('bundle-aliases/buffer-crc32.cjs', import.meta.url).pathname,
    },
  },
  logLevel: 'warn',
})
await cli.write({
  dir: 'dist/bin-chunks',
  entryFileNames: '[name].cjs',
  chunkFileNames: '[name]-[hash].cjs',
  format: 'cjs',
  comments: { legal: true },
  minify,
})
await cli.close()

// The executable, which loads main.cjs through the code cache. CommonJS too: an ES module entry
// costs Node 20 its ES module loader (about 20 internal modules, fs/promises, crypto's webcrypto).
const bin = await rolldown({ input: 'src/cli/bin.ts', platform: 'node', external: [/^node:/], logLevel: 'warn' })
await bin.write({ file: 'dist/mwpack.cjs', format: 'cjs', comments: { legal: true }, minify })
await bin.close()
chmodSync('dist/mwpack.cjs', 0o755)
