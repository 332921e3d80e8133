// The brute-force rule's memory, kept so that a tick costs what changed: open attempts by socket
// inode (closed when their socket goes), closed ones in closing order (expired from the front),
// a running count of short attempts per target, and the targets that changed this tick.
import type { Connection, ProcessRef } from '../../../src-shared/model';
import { BoundedMap } from '../../../src-shared/bounded-map';
import { connectionKey } from '../connection-tracker';

export interface Attempt {
  opened: number;
  closed?: number;
  pid?: number;
  /** Socket inode while open (a live socket keeps its inode). */
  inode: number;
}

interface Held extends Attempt {
  target: Target;
  key: string;
  /** Last tick its socket was seen open. */
  seen: number;
}

/** One side of one service: `out|host|port` (this host guessing) or `in|peer|port` (this host's service). */
export interface Target {
  direction: 'outbound' | 'inbound';
  peer: string;
  port: number;
  localAddress: string;
  attempts: Map<string, Attempt>;
  /** Attempts closed within shortMs of being seen, among `attempts`. */
  short: number;
  processes: Map<number, ProcessRef>;
  reported: number;
  /** Reported on the daemon's churn (brute-force-churn.ts) below the usual count: kept while it lasts. */
  corroborated?: boolean;
  removed?: boolean;
}

const MAX_ATTEMPTS_PER_TARGET = 10_000;

export class BruteForceMemory {
  /** At the cap, a new target evicts the oldest one. */
  readonly targets: BoundedMap<string, Target>;
  /** Inbound targets by local port (for the distributed check). */
  readonly inboundByPort = new Map<number, Set<Target>>();
  private readonly open = new Map<number, Held>();
  private closed: Held[] = [];
  private closedHead = 0;
  private dirty = new Set<Target>();

  constructor(private readonly limits: { shortMs: number; windowMs: number; maxTracked: number }) {
    this.targets = new BoundedMap(limits.maxTracked, (_key, target) => this.detach(target));
  }

  record(c: Connection, inbound: boolean, port: number, now: number): void {
    const target = this.targetFor(c, inbound, port);
    if (target.attempts.size >= MAX_ATTEMPTS_PER_TARGET) return;
    const key = connectionKey(c);
    const previous = target.attempts.get(key) as Held | undefined;
    if (previous) this.drop(previous);
    const attempt: Held = { opened: now, inode: c.inode, target, key, seen: now };
    if (c.process) {
      attempt.pid = c.process.pid;
      if (target.processes.size < 50) target.processes.set(c.process.pid, c.process);
    }
    target.attempts.set(key, attempt);
    this.dirty.add(target);
    if (c.state === 'TIME_WAIT' || c.state === 'CLOSE' || c.inode === 0) this.close(attempt, now);
    else this.open.set(c.inode, attempt);
  }

  /** Attempts whose socket is gone or closing are closed now (by inode: no strings, no set of every socket). */
  closeGone(connections: readonly Connection[], now: number): void {
    if (this.open.size === 0) return;
    for (const c of connections) {
      if (c.inode === 0 || c.protocol !== 'tcp' || c.state === 'TIME_WAIT' || c.state === 'CLOSE') continue;
      const attempt = this.open.get(c.inode);
      if (attempt) attempt.seen = now;
    }
    for (const attempt of this.open.values()) if (attempt.seen !== now) this.close(attempt, now);
  }

  /** Forgets attempts closed before the window; targets left without attempts go. */
  expire(now: number): void {
    const cutoff = now - this.limits.windowMs;
    while (this.closedHead < this.closed.length) {
      const attempt = this.closed[this.closedHead] as Held;
      if ((attempt.closed ?? now) >= cutoff) break;
      this.closedHead++;
      if (attempt.target.attempts.get(attempt.key) !== attempt) continue;
      this.drop(attempt);
      if (attempt.target.attempts.size === 0) this.removeTarget(attempt.target);
    }
    if (this.closedHead > 1024 && this.closedHead * 2 > this.closed.length) {
      this.closed = this.closed.slice(this.closedHead);
      this.closedHead = 0;
    }
  }

  /** Targets whose attempts changed since the last call, removed ones included (marked so). */
  takeChanged(): Target[] {
    const changed = [...this.dirty];
    this.dirty = new Set();
    return changed;
  }

  private targetFor(c: Connection, inbound: boolean, port: number): Target {
    const key = `${inbound ? 'in' : 'out'}|${c.remoteAddress}|${port}`;
    let target = this.targets.get(key);
    if (target) return target;
    target = {
      direction: inbound ? 'inbound' : 'outbound',
      peer: c.remoteAddress,
      port,
      localAddress: c.localAddress,
      attempts: new Map(),
      short: 0,
      processes: new Map(),
      reported: 0,
    };
    this.targets.set(key, target);
    if (inbound) {
      const same = this.inboundByPort.get(port) ?? new Set<Target>();
      same.add(target);
      this.inboundByPort.set(port, same);
    }
    return target;
  }

  private close(attempt: Held, now: number): void {
    if (attempt.closed === undefined) {
      attempt.closed = now;
      if (now - attempt.opened <= this.limits.shortMs) attempt.target.short++;
      this.closed.push(attempt);
      this.dirty.add(attempt.target);
    }
    if (this.open.get(attempt.inode) === attempt) this.open.delete(attempt.inode);
  }

  /** Takes one attempt out of its target's count. */
  private drop(attempt: Held): void {
    const { target } = attempt;
    target.attempts.delete(attempt.key);
    if (attempt.closed !== undefined && attempt.closed - attempt.opened <= this.limits.shortMs) target.short--;
    if (this.open.get(attempt.inode) === attempt) this.open.delete(attempt.inode);
    this.dirty.add(target);
  }

  private removeTarget(target: Target): void {
    this.targets.delete(`${target.direction === 'inbound' ? 'in' : 'out'}|${target.peer}|${target.port}`);
    this.detach(target);
  }

  /** Marks a target gone from `targets` and forgets its open attempts and its place by port. */
  private detach(target: Target): void {
    target.removed = true;
    for (const attempt of target.attempts.values()) {
      const held = attempt as Held;
      if (this.open.get(held.inode) === held) this.open.delete(held.inode);
    }
    const same = this.inboundByPort.get(target.port);
    same?.delete(target);
    if (same?.size === 0) this.inboundByPort.delete(target.port);
  }
}

export function shortAttempts(target: Target, shortMs: number): Attempt[] {
  const short: Attempt[] = [];
  for (const a of target.attempts.values()) if (a.closed !== undefined && a.closed - a.opened <= shortMs) short.push(a);
  return short;
}
