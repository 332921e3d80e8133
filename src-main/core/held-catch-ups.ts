// The pages of catch-ups the core answered with a first page: held until the window has fetched them
// all, for at most a minute, and only the latest few (one window reloading, perhaps a second one).
import type { SessionStatus } from '../../src-shared/api';
import type { CatchUpMore, CatchUpPage } from '../../src-shared/catch-up';

interface Held {
  owner: object;
  pages: CatchUpPage[];
  at: number;
}

export class HeldCatchUps {
  private readonly held = new Map<string, Held>();
  private next = 1;

  constructor(
    private readonly maxHeld = 2,
    private readonly maxAgeMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Room on the first page for the status and `more` sent beside it. */
  static reservedBytes(status: SessionStatus): number {
    return JSON.stringify(status).length + 128;
  }

  /** Holds `pages` of the session `owner`; undefined when there are none (the first page was all). */
  hold(owner: object, pages: CatchUpPage[]): CatchUpMore | undefined {
    this.expire();
    if (pages.length === 0) return undefined;
    const id = `${this.now().toString(36)}-${this.next++}`;
    this.held.set(id, { owner, pages, at: this.now() });
    for (const oldest of this.held.keys()) {
      if (this.held.size <= this.maxHeld) break;
      this.held.delete(oldest);
    }
    return { id, pages: pages.length };
  }

  /** Page `index` (1 …) while `owner` is still the session it came from; the last page releases the rest. */
  page(owner: object | undefined, id: string, index: number): CatchUpPage | undefined {
    this.expire();
    const held = this.held.get(id);
    if (!held || held.owner !== owner) return undefined;
    if (index === held.pages.length) this.held.delete(id);
    return held.pages[index - 1];
  }

  private expire(): void {
    const now = this.now();
    for (const [id, held] of this.held) if (now - held.at > this.maxAgeMs) this.held.delete(id);
  }
}
