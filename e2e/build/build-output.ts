// Where `npx electron-vite build` puts its output, and a way to skip loudly when it has not run.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BUILT = {
  main: fileURLToPath(new URL('../../out/main/index.js', import.meta.url)),
  core: fileURLToPath(new URL('../../out/main/core.js', import.meta.url)),
  preload: fileURLToPath(new URL('../../out/preload/index.cjs', import.meta.url)),
  preloadDir: fileURLToPath(new URL('../../out/preload/', import.meta.url)),
  rendererHtml: fileURLToPath(new URL('../../out/renderer/index.html', import.meta.url)),
};

/** The reason to skip, printed once, or undefined when the file exists. */
export function missingBuild(path: string): string | undefined {
  if (existsSync(path)) return undefined;
  const reason = `${path} does not exist: run \`npx electron-vite build\` first`;
  console.log(`SKIP: ${reason}`);
  return reason;
}
