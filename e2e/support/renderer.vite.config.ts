// Renderer-only build for quick iteration and the browser tests: `npx vite build --config e2e/support/renderer.vite.config.ts`.
// Same root, plugins and output folder as the renderer section of electron.vite.config.ts.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: resolve(here, '../../src-renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(here, '../../out/renderer'),
    emptyOutDir: true,
    rollupOptions: { input: resolve(here, '../../src-renderer/index.html') },
  },
});
