// Bundles what the browser e2e suite runs of main: the harness (main's app services with 'electron'
// shimmed), the core entry that the shimmed utilityProcess.fork starts, its bootstrap, and the real
// preload for the page. Bundled like main itself: src-main's extensionless imports need the bundler.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';
import type * as Harness from './main-harness';

export type HarnessModule = typeof Harness;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const HARNESS_DIR = join(ROOT, 'out/e2e-main');
const SHIM = join(ROOT, 'e2e/support/electron-shim');

export interface BuiltHarness {
  module: HarnessModule;
  coreEntryPath: string;
  preloadPath: string;
}

export async function buildMainHarness(): Promise<BuiltHarness> {
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    resolve: { alias: { electron: join(SHIM, 'main.ts') } },
    build: {
      ssr: true,
      outDir: HARNESS_DIR,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: true,
      rollupOptions: {
        input: {
          'main-harness': join(ROOT, 'e2e/support/main-harness.ts'),
          core: join(ROOT, 'src-main/core/core-entry.ts'),
          'utility-bootstrap': join(SHIM, 'utility-bootstrap.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].mjs' },
      },
    },
  });
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    resolve: { alias: { electron: join(SHIM, 'renderer.ts') } },
    build: {
      outDir: HARNESS_DIR,
      emptyOutDir: false,
      minify: false,
      lib: { entry: join(ROOT, 'src-main/preload.ts'), formats: ['iife'], name: 'netsentinelPreload', fileName: () => 'preload.js' },
    },
  });
  return {
    module: (await import(pathToFileURL(join(HARNESS_DIR, 'main-harness.mjs')).href)) as HarnessModule,
    coreEntryPath: join(HARNESS_DIR, 'core.mjs'),
    preloadPath: join(HARNESS_DIR, 'preload.js'),
  };
}
