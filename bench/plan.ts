// What the bench measures, and where the built CLI and the results live.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { shebangNodeFlags } from '../src-main/node-flags';
import { fileURLToPath } from 'node:url';

export interface Plan {
  mode: 'full' | 'quick';
  processes: number;
  /** Pairs per child for each measured size, ascending (the farm only grows). */
  sizes: { label: string; pairsPerChild: number }[];
  /** `runs` whole CLI runs: one run's CPU varies by ±40 ms here, so the median is reported. */
  cli: { pairsPerChild: number; durationSec: number; intervalSec: number; runs: number } | null;
  rounds: number;
  warmupRounds: number;
  memoryTicks: number;
  memoryIntervalMs: number;
}

// 4 children × 1,250 pairs = 10,000 established sockets (2,500 fds each, far below the 20,000 a process may hold);
// the CLI run at 4 × 1,500 pairs = 12,004 sockets, the size of the Python prototype's reference run.
export const FULL: Plan = {
  mode: 'full',
  processes: 4,
  sizes: [
    { label: '1k', pairsPerChild: 125 },
    { label: '10k', pairsPerChild: 1_250 },
  ],
  cli: { pairsPerChild: 1_500, durationSec: 20, intervalSec: 2, runs: 3 },
  rounds: 30,
  warmupRounds: 2,
  memoryTicks: 20,
  memoryIntervalMs: 100,
};

export const QUICK: Plan = {
  mode: 'quick',
  processes: 2,
  sizes: [
    { label: '200', pairsPerChild: 50 },
    { label: '800', pairsPerChild: 200 },
  ],
  cli: { pairsPerChild: 150, durationSec: 4, intervalSec: 2, runs: 1 },
  rounds: 5,
  warmupRounds: 1,
  memoryTicks: 5,
  memoryIntervalMs: 100,
};

// Resolved from the bundle's place, out/cli/bench.js.
const here = dirname(fileURLToPath(import.meta.url));
export const CLI_PATH = join(here, 'netsentinel.js'); // built beside this bundle in out/cli

/** The Node flags the built CLI's shebang passes: the bench runs it with them, as `netsentinel` runs for users. */
export function cliNodeFlags(cliPath = CLI_PATH): string[] {
  return shebangNodeFlags(readFileSync(cliPath, 'utf8').slice(0, 200).split('\n', 1)[0] ?? '');
}
export const RESULTS_PATH = join(here, '..', '..', 'bench', 'results', 'latest.json');
