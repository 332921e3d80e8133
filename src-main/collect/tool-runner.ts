// Runs external tools for the collectors. A tool found missing (ENOENT) is not started again for a
// while: its remembered error stands in, so every tick still reports it without paying a spawn.
import { errorCode } from './source';
import type { CommandRunner } from './types';

export type ToolResult = string | { error: unknown };

export class ToolRunner {
  private readonly missing = new Map<string, { untilTick: number; error: unknown }>();
  private tick = 0;

  constructor(
    private readonly runner: CommandRunner,
    private readonly retryAfterTicks = 30,
  ) {}

  /** Call once per collection. */
  nextTick(): void {
    this.tick++;
  }

  async run(command: string, args: string[]): Promise<ToolResult> {
    const known = this.missing.get(command);
    if (known && known.untilTick > this.tick) return { error: known.error };
    try {
      return await this.runner(command, args);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') this.missing.set(command, { untilTick: this.tick + this.retryAfterTicks, error });
      return { error };
    }
  }
}
