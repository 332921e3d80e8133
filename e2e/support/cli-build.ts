// The built CLI the end-to-end suites run, built on demand when missing or older than its sources.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI_PATH = join(ROOT, 'out', 'cli', 'netsentinel.js');

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(path));
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the CLI when it is missing or older than its sources. */
export function ensureCliBuilt(): void {
  const sources = Math.max(newestSourceMtime(join(ROOT, 'src-main')), newestSourceMtime(join(ROOT, 'src-shared')));
  if (existsSync(CLI_PATH) && statSync(CLI_PATH).mtimeMs >= sources) return;
  execFileSync('npx', ['vite', 'build', '--config', 'vite.cli.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}
