// The flags the core's Node runs with, wherever it runs: the CLI's shebang (vite.cli.config.ts),
// the desktop app's utilityProcess (app/core-child.ts: main forks the core with them, so this is
// not a core module), and the bench, which reads them back from the built CLI's first line so it
// measures what users run.

/**
 * One garbage-collector thread instead of a pool: at a 2-s tick the pool's wake-ups cost more than
 * they save (idle CLI at ~300 sockets, interleaved A/B: 11.0 / 8.5 / 11.5 → 9.5 / 8.0 / 8.5 ms CPU per tick).
 */
export const CORE_NODE_FLAGS: readonly string[] = ['--single-threaded-gc'];

/** `#!/usr/bin/env -S node …flags` (env -S splits the rest into arguments: coreutils ≥ 8.30, BSD/macOS env). */
export function cliShebang(): string {
  return `#!/usr/bin/env -S node ${CORE_NODE_FLAGS.join(' ')}`;
}

/** The Node flags a script's shebang passes (`#!/usr/bin/env node` or `#!/usr/bin/env -S node --a --b`). */
export function shebangNodeFlags(firstLine: string): string[] {
  const match = /^#!\s*\/usr\/bin\/env\s+(?:-S\s+)?node((?:\s+--[\w-]+(?:=\S+)?)*)\s*$/.exec(firstLine);
  return match?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
}
