// Bundles session-backend.ts with Vite (SSR build, Node target) and imports the result.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';
import type * as SessionBackend from './session-backend';

export type Backend = typeof SessionBackend;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT_DIR = join(ROOT, 'out/e2e-session-backend');

export async function loadSessionBackend(): Promise<Backend> {
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    build: {
      ssr: join(ROOT, 'e2e/support/session-backend.ts'),
      outDir: OUT_DIR,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: true,
      rollupOptions: { output: { entryFileNames: 'session-backend.mjs' } },
    },
  });
  return (await import(pathToFileURL(join(OUT_DIR, 'session-backend.mjs')).href)) as Backend;
}
