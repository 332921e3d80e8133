// Whether a process reaped a child since the last tick: the kernel adds each reaped child's minor
// faults to the parent's cminflt (`ProcessInfo.childFaults`), so the count moves for every program
// it ran, however briefly. Compared per pid and start time, so a reused pid starts afresh; a
// snapshot handed over again (a quiet tick) moves nothing.
import type { ProcessInfo } from '../../src-shared/model';

interface Baseline {
  startTime?: number;
  faults: number;
}

export class ChildReaping {
  private previous = new Map<number, Baseline>();
  private current = new Map<number, Baseline>();

  /** Reaped a child since the last tick; undefined at the first sight of this process (no baseline yet). */
  reaped(p: ProcessInfo): boolean | undefined {
    const faults = p.childFaults ?? 0;
    const before = this.previous.get(p.pid) ?? this.current.get(p.pid);
    this.current.set(p.pid, { startTime: p.startTime, faults });
    if (!before || before.startTime !== p.startTime) return undefined;
    return faults > before.faults;
  }

  /** Ends the tick: only the processes asked about during it are remembered. */
  endTick(): void {
    this.previous = this.current;
    this.current = new Map();
  }
}
