import { fileURLToPath } from 'node:url';
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

// The headless CLI: one Node ESM bundle, systeminformation left external (a runtime dependency).
export default defineConfig({
  build: {
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    ssr: true,
    lib: { entry: fileURLToPath(new URL('./src-main/cli.ts', import.meta.url)), formats: ['es'], fileName: () => 'netsentinel.js' },
    rollupOptions: {
      external: ['systeminformation', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      output: { banner: '#!/usr/bin/env node' },
    },
  },
});
