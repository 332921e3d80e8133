// Remembers which network namespace each process ran in, polled a few times a second while a
// monitor runs: an alert may name a process that exited before the alert arrived (another
// program's short-lived child on this shared host), and "gone" must not make it the lab's.
import { readdirSync, readlinkSync } from 'node:fs';

const POLL_MS = 150;
const MAX_REMEMBERED = 50_000;

export class NamespaceWatch {
  private readonly seen = new Map<number, string>();
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.poll();
    this.timer = setInterval(() => this.poll(), POLL_MS);
    this.timer.unref();
  }

  /** The `net:[inode]` link a pid had when last seen, if it was. */
  netnsOf(pid: number): string | undefined {
    return this.seen.get(pid);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private poll(): void {
    let entries: string[];
    try {
      entries = readdirSync('/proc');
    } catch {
      return;
    }
    for (const name of entries) {
      const pid = Number(name);
      if (!Number.isInteger(pid) || this.seen.has(pid)) continue;
      try {
        this.seen.set(pid, readlinkSync(`/proc/${pid}/ns/net`));
      } catch {
        /* gone or unreadable */
      }
    }
    if (this.seen.size > MAX_REMEMBERED) this.seen.clear();
  }
}
