import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { metaContentSecurityPolicy } from './src-main/app/web-security';

/** Writes main's policy into index.html's CSP meta tag: strict when built, relaxed for Vite's dev server only. */
function cspMetaTag(): Plugin {
  let dev = false;
  return {
    name: 'netsentinel-csp-meta',
    configResolved(config) {
      dev = config.command === 'serve';
    },
    transformIndexHtml(html) {
      const tag = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")[^"]*(")/;
      if (!tag.test(html)) throw new Error('src-renderer/index.html lost its Content-Security-Policy meta tag');
      return html.replace(tag, `$1${metaContentSecurityPolicy(dev)}$2`);
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Named 'index' so the bundle is out/main/index.js, the package.json "main". 'core' is the core
      // process (collectors, engine, session) that main forks as a utilityProcess: out/main/core.js.
      lib: {
        entry: {
          index: fileURLToPath(new URL('./src-main/app/main.ts', import.meta.url)),
          core: fileURLToPath(new URL('./src-main/core/core-entry.ts', import.meta.url)),
        },
      },
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
    plugins: [react(), cspMetaTag()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: fileURLToPath(new URL('./src-renderer/index.html', import.meta.url)) },
    },
  },
});
