// Which process is churning sockets, over a sliding window: the collector's per-process count of
// sockets first seen on its fds (ProcessInfo.socketsOpened). A connect scan of a LAN host, a
// one-shot DNS query loop or a brute-forcer opens sockets that no socket table lists long enough
// to be seen with their owner; this count still names the process behind the kernel's counters.
import type { HostSnapshot, ProcessInfo, ProcessRef } from '../../src-shared/model';
import { toProcessRef } from '../../src-shared/model';
import { getOrAddBounded } from '../../src-shared/bounded-map';

interface Churner {
  process: ProcessRef;
  /** (time, sockets opened) per tick with openings, ascending. */
  opens: { time: number; count: number }[];
}

export interface SocketChurn {
  byPid: Map<number, Churner>;
}

export function createSocketChurn(): SocketChurn {
  return { byPid: new Map() };
}

const MAX_CHURNERS = 256;
const MAX_TICKS_PER_PID = 600;

/** Records this tick's openings and forgets what is older than `windowMs`. */
export function observeSocketChurn(churn: SocketChurn, snapshot: HostSnapshot, now: number, windowMs: number): void {
  for (const p of snapshot.processes) {
    if (!p.socketsOpened) continue;
    const entry = getOrAddBounded(churn.byPid, p.pid, MAX_CHURNERS, () => ({ process: toProcessRef(p), opens: [] }));
    entry.process = toProcessRef(p);
    entry.opens.push({ time: now, count: p.socketsOpened });
    if (entry.opens.length > MAX_TICKS_PER_PID) entry.opens.shift();
  }
  const cutoff = now - windowMs;
  for (const [pid, entry] of churn.byPid) {
    while (entry.opens.length > 0 && (entry.opens[0]?.time ?? 0) < cutoff) entry.opens.shift();
    if (entry.opens.length === 0) churn.byPid.delete(pid);
  }
}

export interface ChurnLeader {
  process: ProcessRef;
  /** Sockets it opened within the span. */
  opened: number;
  /** Ticks in which it opened any. */
  ticks: number;
}

/** The process that opened the most sockets since `since` (ties: the most ticks), or undefined. */
export function topChurner(churn: SocketChurn, since: number, accept: (p: ProcessRef) => boolean = () => true): ChurnLeader | undefined {
  let best: ChurnLeader | undefined;
  for (const entry of churn.byPid.values()) {
    let opened = 0;
    let ticks = 0;
    for (const o of entry.opens)
      if (o.time >= since) {
        opened += o.count;
        ticks++;
      }
    if (opened === 0 || !accept(entry.process)) continue;
    if (!best || opened > best.opened || (opened === best.opened && ticks > best.ticks)) best = { process: entry.process, opened, ticks };
  }
  return best;
}

/** This tick's busiest socket opener among the processes `accept` allows (a one-shot socket's likely owner). */
export function topChurnerNow(snapshot: HostSnapshot, accept: (p: ProcessInfo) => boolean): ProcessInfo | undefined {
  let best: ProcessInfo | undefined;
  for (const p of snapshot.processes) {
    if (p.socketsOpened && accept(p) && (!best || p.socketsOpened > (best.socketsOpened ?? 0))) best = p;
  }
  return best;
}
