import { fileURLToPath } from 'node:url';
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

const entry = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// The headless CLI (out/cli/netsentinel.js) and the benchmark (out/cli/bench.js): Node ESM bundles,
// systeminformation left external (a runtime dependency).
export default defineConfig({
  build: {
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    ssr: true,
    lib: {
      entry: { netsentinel: entry('./src-main/cli.ts'), bench: entry('./bench/run.ts') },
      formats: ['es'],
      fileName: (_format, entryName) => `${entryName}.js`,
    },
    rollupOptions: {
      external: ['systeminformation', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      output: { banner: '#!/usr/bin/env node' },
    },
  },
});
