import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Named 'index' so the bundle is out/main/index.js, the package.json "main".
      lib: { entry: { index: fileURLToPath(new URL('./src-main/app/main.ts', import.meta.url)) } },
      rollupOptions: { external: ['systeminformation'] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: fileURLToPath(new URL('./src-main/preload.ts', import.meta.url)), formats: ['cjs'] },
      rollupOptions: { output: { entryFileNames: 'index.cjs', codeSplitting: false } },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: fileURLToPath(new URL('./src-renderer/index.html', import.meta.url)) },
    },
  },
});
