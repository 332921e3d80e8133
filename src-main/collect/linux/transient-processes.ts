// Processes that live less than a tick. nmap -sT -T4 -p- against one LAN host is done in about
// 0.5 s: the fd walk never sees it, and the burst of failed connects it leaves is counted after it
// exited. The low-level watch describes each pid created between two ticks when it notices it, and
// once more at its next look (a fork may not have exec'd yet), so that burst can still be matched
// to a command line.
import type { ProcessInfo, ProcessRef } from '../../../src-shared/model';
import { toProcessRef } from '../../../src-shared/model';

/** Bounds: processes remembered between two ticks, pids described per look. */
const MAX_REMEMBERED = 32;
const MAX_PER_LOOK = 16;

export class TransientProcesses {
  private readonly seen = new Map<number, { ref: ProcessRef; looks: number }>();
  private pending: { after: number; upTo: number } | undefined;

  constructor(private readonly describe: (pid: number) => Promise<ProcessInfo | undefined>) {}

  /** The pids after `after` up to `upTo` were created since the last look (pids that wrapped around are skipped). */
  created(after: number, upTo: number): void {
    if (upTo <= after) return;
    this.pending = this.pending ? { after: Math.min(this.pending.after, after), upTo: Math.max(this.pending.upTo, upTo) } : { after, upTo };
  }

  /** Describes the newest of the pending pids, and again those described at one look only. */
  async look(): Promise<void> {
    const again = [...this.seen].filter(([, entry]) => entry.looks === 1).map(([pid]) => pid);
    const fresh: number[] = [];
    if (this.pending) {
      const first = Math.max(this.pending.after + 1, this.pending.upTo - MAX_PER_LOOK + 1);
      for (let pid = this.pending.upTo; pid >= first && fresh.length < MAX_REMEMBERED - this.seen.size; pid--) {
        if (pid !== process.pid && !this.seen.has(pid)) fresh.push(pid);
      }
      this.pending = undefined;
    }
    const described = await Promise.all([...again, ...fresh].map(async (pid) => [pid, await this.describe(pid).catch(() => undefined)] as const));
    for (const [pid, info] of described) {
      const entry = this.seen.get(pid);
      if (entry) entry.looks = 2;
      if (!info) continue;
      if (entry) entry.ref = toProcessRef(info);
      else this.seen.set(pid, { ref: toProcessRef(info), looks: 1 });
    }
  }

  /** What was described since the last call, oldest first. */
  take(): ProcessRef[] {
    const refs = [...this.seen.values()].map((entry) => entry.ref);
    this.seen.clear();
    return refs;
  }
}
