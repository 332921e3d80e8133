// This host's outbound connection attempts per process, kept so that a tick costs what changed:
// every attempt also goes into a time-ordered log, and running counts over the attempts answer
// "could this be a scan?" without walking them. Only an actor that could be one is walked.
import type { Connection, ProcessRef } from '../../src-shared/model';
import { getOrAddBounded } from '../../src-shared/bounded-map';
import { formatEndpoint } from '../../src-shared/endpoint';

/** The numbers of OutboundScanSettings the tally's verdict needs. */
export interface ScanThresholds {
  distinctTargets: number;
  portsPerHost: number;
  sweepHosts: number;
  windowMs: number;
  slowDistinctTargets: number;
}

export interface Touch {
  time: number;
  synSent: boolean;
}

interface LoggedTouch extends Touch {
  target: string;
  host: string;
  port: number;
  /** Still the target's touch in the actor's map. */
  live: boolean;
  /** Counted in the window's tallies (live and not older than the window). */
  recent: boolean;
}

export interface OutboundActor {
  /** `host:port` → last touch. */
  touches: Map<string, Touch>;
  process?: ProcessRef;
  firstSeen: number;
  reported: number;
  tally: AttemptTally;
}

export type OutboundActors = Map<string, OutboundActor>;

/** Most targets one process keeps (a touch beyond it is not recorded, as before the tally). */
const MAX_TOUCHES = 20_000;

export const WEB_PORTS: ReadonlySet<number> = new Set([80, 443]);

/** How many keys reach each count, so "does any key reach n" costs the number of distinct counts. */
class CountIndex<K> {
  private readonly counts = new Map<K, number>();
  private readonly keysAt = new Map<number, number>();

  add(key: K, delta: 1 | -1): void {
    const before = this.counts.get(key) ?? 0;
    const after = before + delta;
    if (after > 0) this.counts.set(key, after);
    else this.counts.delete(key);
    this.shift(before, -1);
    this.shift(after, 1);
  }

  anyAtLeast(n: number): boolean {
    for (const count of this.keysAt.keys()) if (count >= n) return true;
    return false;
  }

  clear(): void {
    this.counts.clear();
    this.keysAt.clear();
  }

  private shift(count: number, delta: 1 | -1): void {
    if (count <= 0) return;
    const keys = (this.keysAt.get(count) ?? 0) + delta;
    if (keys > 0) this.keysAt.set(count, keys);
    else this.keysAt.delete(count);
  }
}

/**
 * Running counts over one actor's touches: SYN_SENT targets off the web ports (the slow scan), and
 * within the short window the SYN_SENT targets (web ones apart), SYN_SENT hosts per port (sweeps)
 * and targets per host (vertical scans). Touches are logged in time order; the window and the
 * pruning move along the log, so a tick costs the touches that arrived or aged out.
 */
export class AttemptTally {
  private log: LoggedTouch[] = [];
  /** First log entry not yet pruned. */
  private head = 0;
  /** First log entry not yet aged out of the window. */
  private windowHead = 0;
  private windowCutoff = -Infinity;
  private lastTime = -Infinity;
  /** False once a touch arrived out of time order: the next step rebuilds the log and counts. */
  private ordered = true;
  private slowSyn = 0;
  private recentSyn = 0;
  private recentWebSyn = 0;
  private readonly synHostsPerPort = new CountIndex<number>();
  private readonly portsPerHost = new CountIndex<string>();

  /** Records an attempt on `target` at `time` as the target's latest touch; SYN_SENT once, SYN_SENT while kept. */
  touch(touches: Map<string, Touch>, target: string, host: string, port: number, time: number, synSentNow: boolean): void {
    const previous = touches.get(target) as LoggedTouch | undefined;
    const synSent = synSentNow || previous?.synSent === true;
    if (previous) this.forget(previous);
    const logged: LoggedTouch = { time, synSent, target, host, port, live: true, recent: false };
    touches.set(target, logged);
    this.log.push(logged);
    if (time < this.lastTime || time < this.windowCutoff) this.ordered = false;
    this.lastTime = Math.max(this.lastTime, time);
    if (synSent && !WEB_PORTS.has(port)) this.slowSyn++;
    this.count(logged, 1);
    this.compactIfSparse(touches.size);
  }

  /** Deletes the touches older than `cutoff` from `touches`. */
  prune(touches: Map<string, Touch>, cutoff: number): void {
    if (!this.ordered) this.rebuild(touches, this.windowCutoff);
    while (this.head < this.log.length) {
      const t = this.log[this.head] as LoggedTouch;
      if (t.time >= cutoff) break;
      this.head++;
      if (!t.live) continue;
      touches.delete(t.target);
      this.forget(t);
    }
    this.windowHead = Math.max(this.windowHead, this.head);
    this.compactIfSparse(touches.size);
  }

  /**
   * Whether the touches could make a scan shape as of `now` (exactly when scanShape's walk would
   * find one: the same counts, kept running).
   */
  couldBeScan(touches: Map<string, Touch>, now: number, s: ScanThresholds): boolean {
    this.age(touches, now - s.windowMs);
    return (
      this.recentSyn - this.recentWebSyn + this.recentWebSyn / 3 >= s.distinctTargets ||
      this.synHostsPerPort.anyAtLeast(s.sweepHosts) ||
      this.portsPerHost.anyAtLeast(s.portsPerHost) ||
      this.slowSyn >= s.slowDistinctTargets
    );
  }

  /** Takes touches older than `cutoff` out of the window's counts. */
  private age(touches: Map<string, Touch>, cutoff: number): void {
    if (!this.ordered || cutoff < this.windowCutoff) {
      this.rebuild(touches, cutoff);
      return;
    }
    this.windowCutoff = cutoff;
    while (this.windowHead < this.log.length) {
      const t = this.log[this.windowHead] as LoggedTouch;
      if (t.time >= cutoff) break;
      this.windowHead++;
      if (t.recent) this.count(t, -1);
    }
  }

  private forget(t: LoggedTouch): void {
    if (t.recent) this.count(t, -1);
    if (t.live && t.synSent && !WEB_PORTS.has(t.port)) this.slowSyn--;
    t.live = false;
  }

  private count(t: LoggedTouch, delta: 1 | -1): void {
    t.recent = delta > 0;
    this.portsPerHost.add(t.host, delta);
    if (!t.synSent) return;
    this.recentSyn += delta;
    if (WEB_PORTS.has(t.port)) this.recentWebSyn += delta;
    else this.synHostsPerPort.add(t.port, delta);
  }

  /** Drops the log's dead entries once they outnumber the live ones. */
  private compactIfSparse(live: number): void {
    const logged = this.log.length - this.head;
    if (logged < 1024 || logged < 2 * live) return;
    const kept = this.log.slice(this.head).filter((t) => t.live);
    const firstRecent = kept.findIndex((t) => t.recent);
    this.log = kept;
    this.head = 0;
    this.windowHead = firstRecent < 0 ? kept.length : firstRecent;
  }

  /** Counts everything again from `touches`, after time went backwards. */
  private rebuild(touches: Map<string, Touch>, cutoff: number): void {
    this.synHostsPerPort.clear();
    this.portsPerHost.clear();
    this.slowSyn = this.recentSyn = this.recentWebSyn = 0;
    this.log = [...touches.values()].map((t) => t as LoggedTouch).sort((a, b) => a.time - b.time);
    this.head = 0;
    this.windowHead = 0;
    this.windowCutoff = cutoff;
    this.ordered = true;
    this.lastTime = this.log.at(-1)?.time ?? -Infinity;
    for (const t of this.log) {
      t.recent = false;
      if (t.synSent && !WEB_PORTS.has(t.port)) this.slowSyn++;
      if (t.time >= cutoff) this.count(t, 1);
      else this.windowHead++;
    }
  }
}

/** Records a fresh outbound TCP connection of a process; returns the actor key. */
export function touchOutbound(actors: OutboundActors, c: Connection, now: number, max: number): string {
  const who = c.process?.name ?? '?';
  const actor = getOrAddBounded(actors, who, max, (): OutboundActor => ({ touches: new Map(), firstSeen: now, reported: 0, tally: new AttemptTally() }));
  if (actor.touches.size < MAX_TOUCHES) {
    actor.tally.touch(actor.touches, formatEndpoint(c.remoteAddress, c.remotePort), c.remoteAddress, c.remotePort, now, c.state === 'SYN_SENT');
  }
  if (c.process) actor.process = c.process;
  return who;
}

export function pruneOutbound(actors: OutboundActors, cutoff: number): void {
  for (const [who, actor] of actors) {
    actor.tally.prune(actor.touches, cutoff);
    if (actor.touches.size === 0) actors.delete(who);
  }
}
