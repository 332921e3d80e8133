#!/usr/bin/env node
// `npm run dev|start|dist` run this first (pre-scripts): Electron 45 and its downloader need a newer
// Node than the CLI and the tests do, and without this check an older Node fails deep inside a
// download or a build with an error that does not say why. Plain JavaScript: it must run on any Node.
import { fileURLToPath } from 'node:url';

/** Node needed to run the desktop app (Electron 45, @electron/get 5). */
export const DESKTOP_NODE = '22.12.0';

const parts = (version) =>
  version
    .replace(/^v/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);

/** True when `actual` (e.g. "20.19.1" or "v22.12.0") is at least `minimum`. */
export function isAtLeast(actual, minimum) {
  const [a, b] = [parts(actual), parts(minimum)];
  for (let i = 0; i < 3; i += 1) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/** The message to print, or undefined when this Node is new enough. */
export function nodeVersionProblem(actual, minimum, use) {
  if (isAtLeast(actual, minimum)) return undefined;
  return [
    `NetSentinel: ${use} needs Node ${minimum} or newer; this is Node ${actual.replace(/^v/, '')}.`,
    '  Electron 45 and its downloader (@electron/get 5) do not run on older Node.',
    '  Install a newer Node (for example `nvm install 22`) and run the command again.',
    '  The headless CLI and the tests still run on Node 20.19 or newer (see README, "Set up").',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const problem = nodeVersionProblem(process.versions.node, DESKTOP_NODE, process.argv[2] ?? 'the desktop app');
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
