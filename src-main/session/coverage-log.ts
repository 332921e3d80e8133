import type { CoverageWarning } from '../../src-shared/model';

/** Every distinct coverage warning of a session, latest wording kept, bounded. */
export class CoverageLog {
  private readonly entries = new Map<string, CoverageWarning>();

  constructor(private readonly limit = 200) {}

  add(warnings: readonly CoverageWarning[]): void {
    for (const warning of warnings) {
      // Counts inside messages change every tick ("37 sockets"); key on the wording without digits.
      const key = `${warning.source}|${warning.message.replace(/\d+/g, '#')}`;
      if (!this.entries.has(key) && this.entries.size >= this.limit) continue;
      this.entries.set(key, warning);
    }
  }

  all(): CoverageWarning[] {
    return [...this.entries.values()];
  }
}
