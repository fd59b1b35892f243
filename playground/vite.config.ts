// The playground: a small Vite docs site that publishes the 5 MW memo with mwpack.
import { defineConfig } from 'vite'
import mwpack from 'mwpack/vite'

export default defineConfig({
  plugins: [mwpack()],
  build: { outDir: 'dist', emptyOutDir: true },
})
