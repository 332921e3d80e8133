// The flags the core's Node runs with, wherever it runs: the CLI's shebang (vite.cli.config.ts),
// the desktop app's utilityProcess (app/core-child.ts: main forks the core with them, so this is
// not a core module), and the bench, which reads them back from the built CLI's first line so it
// measures what users run.

/**
 * - `--single-threaded-gc`: one garbage-collector thread instead of a pool: at a 2-s tick the pool's
 *   wake-ups cost more than they save (idle CLI at ~300 sockets, interleaved A/B: 11.0 / 8.5 / 11.5
 *   → 9.5 / 8.0 / 8.5 ms CPU per tick).
 * - `--memory-reducer-single-gc`: once the core goes quiet after its first tick, V8's memory reducer
 *   ran two full collections; the first shrinks the heap (54 → 21 MB committed at 12,000 sockets), the
 *   second shrank nothing (19.0 → 19.0 MB) and cost ~15 ms.
 * - `--min-semi-space-size=4` (MB, default 1): the first tick's parsing garbage dies in the young
 *   generation instead of being promoted, so the first tick's full collection goes away. 20-s CLI run
 *   at 12,000 sockets, 3 runs each, GC time (pause + incremental steps, --trace-gc): 90 / 97 / 91 ms
 *   with the first flag alone, 76 / 79 / 74 with the second, 62 / 63 / 63 with the third; RSS +2 MB.
 * - `--no-concurrent-recompilation`: TurboFan compiles on the core's own thread. On a background
 *   thread the same run's compilations cost ~125 ms there and saved ~75 ms on the main thread
 *   (thread CPU at 19.6 s of three runs each: main 360 / 340 / 360 + other threads 130 / 120 / 120 ms,
 *   against 440 / 410 / 430 + 0). The core has no UI thread to keep free: the pause is harmless.
 */
export const CORE_NODE_FLAGS: readonly string[] = [
  '--single-threaded-gc',
  '--memory-reducer-single-gc',
  '--min-semi-space-size=4',
  '--no-concurrent-recompilation',
];

/** `#!/usr/bin/env -S node …flags` (env -S splits the rest into arguments: coreutils ≥ 8.30, BSD/macOS env). */
export function cliShebang(): string {
  return `#!/usr/bin/env -S node ${CORE_NODE_FLAGS.join(' ')}`;
}

/** The Node flags a script's shebang passes (`#!/usr/bin/env node` or `#!/usr/bin/env -S node --a --b`). */
export function shebangNodeFlags(firstLine: string): string[] {
  const match = /^#!\s*\/usr\/bin\/env\s+(?:-S\s+)?node((?:\s+--[\w-]+(?:=\S+)?)*)\s*$/.exec(firstLine);
  return match?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
}
