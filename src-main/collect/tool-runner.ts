// Runs external tools for the collectors. A tool found missing (ENOENT) is not started again for a
// while: its remembered error stands in, so every tick still reports it without paying a spawn.
import { errorCode } from './source';
import { SYSTEM_TOOL_FOLDERS, toolResolver } from './tool-path';
import type { CommandRunner } from './types';

function notInSystemFolders(command: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${command} not found in ${SYSTEM_TOOL_FOLDERS.join(', ')} (PATH is not searched when elevated)`);
  error.code = 'ENOENT';
  return error;
}

export type ToolResult = string | { error: unknown };

export class ToolRunner {
  private readonly missing = new Map<string, { untilTick: number; error: unknown }>();
  private tick = 0;
  /** Programs started so far: each is a fork the quiet-tick marks must not count as the host's (quiet-ticks.ts). */
  started = 0;

  constructor(
    private readonly runner: CommandRunner,
    private readonly retryAfterTicks = 30,
    /** Name → what to run (tool-path.ts: absolute system paths when elevated); undefined = not installed. */
    private readonly resolve: (name: string) => string | undefined = toolResolver(),
  ) {}

  /** Call once per collection. */
  nextTick(): void {
    this.tick++;
  }

  async run(command: string, args: string[]): Promise<ToolResult> {
    const known = this.missing.get(command);
    if (known && known.untilTick > this.tick) return { error: known.error };
    try {
      const path = this.resolve(command);
      if (path === undefined) throw notInSystemFolders(command);
      this.started++;
      return await this.runner(path, args);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') this.missing.set(command, { untilTick: this.tick + this.retryAfterTicks, error });
      return { error };
    }
  }
}
