// Processes that live less than a tick. nmap -sT -T4 -p- against one LAN host is done in about
// 0.5 s: the fd walk never sees it, and the burst of failed connects it leaves is counted after it
// exited. The low-level watch glances at each pid created between two ticks when it notices it (a
// fork caught before its exec() is described as its parent: the gap is a millisecond against the
// watch's 250 ms) and keeps those whose command line holds an address, so that burst can still be
// matched to a command line. Short-lived processes without one (a flood of them included) take no slot.
import type { ProcessRef } from '../../../src-shared/model';
import { addressTokens } from '../../../src-shared/net';

/** Bounds: processes remembered between two ticks, pids glanced at per look. */
const MAX_REMEMBERED = 32;
const MAX_PER_LOOK = 64;

export class TransientProcesses {
  private readonly seen = new Map<number, ProcessRef>();
  private pending: { after: number; upTo: number } | undefined;

  constructor(private readonly glance: (pid: number) => Promise<ProcessRef | undefined>) {}

  /** The pids after `after` up to `upTo` were created since the last look (pids that wrapped around are skipped). */
  created(after: number, upTo: number): void {
    if (upTo <= after) return;
    this.pending = this.pending ? { after: Math.min(this.pending.after, after), upTo: Math.max(this.pending.upTo, upTo) } : { after, upTo };
  }

  /** Describes the newest of the pending pids. */
  async look(): Promise<void> {
    if (!this.pending) return;
    const fresh: number[] = [];
    const first = Math.max(this.pending.after + 1, this.pending.upTo - MAX_PER_LOOK + 1);
    for (let pid = this.pending.upTo; pid >= first && this.seen.size < MAX_REMEMBERED; pid--) {
      if (pid !== process.pid && !this.seen.has(pid)) fresh.push(pid);
    }
    this.pending = undefined;
    const described = await Promise.all(fresh.map(async (pid) => [pid, await this.glance(pid).catch(() => undefined)] as const));
    for (const [pid, ref] of described) {
      if (ref?.cmdline && this.seen.size < MAX_REMEMBERED && addressTokens(ref.cmdline, 1).length > 0) this.seen.set(pid, ref);
    }
  }

  /** What was described since the last call, oldest first. */
  take(): ProcessRef[] {
    const refs = [...this.seen.values()].sort((a, b) => a.pid - b.pid);
    this.seen.clear();
    return refs;
  }
}
