import { fileURLToPath } from 'node:url';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { cliShebang } from './src-main/node-flags';

const entry = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

const packageJson = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
/** Runtime dependencies are installed with the package and stay external; everything else (Ink, React …) is bundled. */
const runtimeDependencies = Object.keys(packageJson.dependencies);
const runtimeExternal = runtimeDependencies.map((name) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/|$)`));

// The headless CLI (out/cli/netsentinel.js) and the benchmark (out/cli/bench.js): Node ESM bundles.
// react-devtools-core is Ink's optional peer, imported only when DEV=true: left external, not installed.
export default defineConfig({
  ssr: { noExternal: true },
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
      external: [...runtimeExternal, 'react-devtools-core', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      output: { banner: cliShebang() },
    },
  },
});
