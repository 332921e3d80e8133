// One process's recent outbound connection attempts, kept so that a tick costs what changed: two
// maps ordered by last touch (inside the fast window, and older but inside the slow one) and the
// counts a scan verdict needs, updated as attempts arrive, age out of the window and expire.
import type { ProcessRef } from '../../src-shared/model';

interface Touch {
  time: number;
  synSent: boolean;
  host: string;
  port: number;
}

export interface AttemptWindows {
  /** The fast window (ms): attempts touched within it are "recent". */
  windowMs: number;
  /** Attempts are forgotten after this long (the longer of the fast and slow windows). */
  horizonMs: number;
  /** A host with this many recent ports is scanned vertically. */
  portsPerHost: number;
  /** Most targets held. */
  maxTargets: number;
}

const WEB_PORTS = new Set([80, 443]);

export class OutboundAttempts {
  process?: ProcessRef;
  reported = 0;
  /** `host:port` → last touch, touched within the fast window, oldest first. */
  private readonly recent = new Map<string, Touch>();
  /** `host:port` → last touch, older than the fast window, oldest first. */
  private readonly older = new Map<string, Touch>();
  private recentSyn = 0;
  private recentWebSyn = 0;
  /** SYN_SENT attempts off the web ports, over the whole horizon (slow scans). */
  private slowSyn = 0;
  /** Recent targets per host (each target is one port of it). */
  private readonly recentPortsByHost = new Map<string, number>();
  /** Hosts with at least `portsPerHost` recent ports, in the order they got there. */
  private readonly verticalHosts = new Set<string>();

  constructor(readonly firstSeen: number, private readonly windows: AttemptWindows) {}

  get size(): number {
    return this.recent.size + this.older.size;
  }

  get recentCount(): number {
    return this.recent.size;
  }

  /** Records an attempt at `target` (`host:port`); a target once seen in SYN_SENT stays so. */
  touch(target: string, host: string, port: number, synSent: boolean, now: number): void {
    const existing = this.recent.get(target) ?? this.older.get(target);
    if (!existing && this.size >= this.windows.maxTargets) return;
    if (existing) this.remove(target, existing);
    const touch: Touch = { time: now, synSent: synSent || existing?.synSent === true, host, port };
    this.recent.set(target, touch);
    this.count(touch, 1, true);
  }

  /** Moves attempts out of the fast window and forgets expired ones: work in proportion to what moved. */
  advance(now: number): void {
    const horizon = now - this.windows.horizonMs;
    const window = now - this.windows.windowMs;
    for (const [target, touch] of this.recent) {
      if (touch.time >= window) break;
      this.recent.delete(target);
      this.countRecent(touch, -1);
      this.older.set(target, touch);
    }
    for (const [target, touch] of this.older) {
      if (touch.time >= horizon) break;
      this.older.delete(target);
      this.countSlow(touch, -1);
    }
  }

  /** The fast-scan measure: recent SYN_SENT targets, those on 80/443 counting for a third. */
  fastWeight(): number {
    return this.recentSyn - this.recentWebSyn + this.recentWebSyn / 3;
  }

  recentSynCount(): number {
    return this.recentSyn;
  }

  slowSynCount(): number {
    return this.slowSyn;
  }

  /** The first host with `portsPerHost` recent ports, and how many. */
  verticalHost(): { host: string; ports: number } | undefined {
    const [host] = this.verticalHosts;
    return host === undefined ? undefined : { host, ports: this.recentPortsByHost.get(host) ?? 0 };
  }

  recentSynTargets(): string[] {
    const out: string[] = [];
    for (const [target, t] of this.recent) if (t.synSent) out.push(target);
    return out;
  }

  recentTargetsOf(host: string): string[] {
    const out: string[] = [];
    for (const [target, t] of this.recent) if (t.host === host) out.push(target);
    return out;
  }

  slowSynTargets(): string[] {
    const out: string[] = [];
    for (const map of [this.older, this.recent]) for (const [target, t] of map) if (t.synSent && !WEB_PORTS.has(t.port)) out.push(target);
    return out;
  }

  targets(): string[] {
    return [...this.older.keys(), ...this.recent.keys()];
  }

  private remove(target: string, touch: Touch): void {
    const inRecent = this.recent.delete(target);
    if (!inRecent) this.older.delete(target);
    this.count(touch, -1, inRecent);
  }

  private count(touch: Touch, sign: 1 | -1, recent: boolean): void {
    if (recent) this.countRecent(touch, sign);
    this.countSlow(touch, sign);
  }

  private countSlow(touch: Touch, sign: 1 | -1): void {
    if (touch.synSent && !WEB_PORTS.has(touch.port)) this.slowSyn += sign;
  }

  private countRecent(touch: Touch, sign: 1 | -1): void {
    if (touch.synSent) {
      this.recentSyn += sign;
      if (WEB_PORTS.has(touch.port)) this.recentWebSyn += sign;
    }
    const ports = (this.recentPortsByHost.get(touch.host) ?? 0) + sign;
    if (ports > 0) this.recentPortsByHost.set(touch.host, ports);
    else this.recentPortsByHost.delete(touch.host);
    if (ports >= this.windows.portsPerHost) this.verticalHosts.add(touch.host);
    else this.verticalHosts.delete(touch.host);
  }
}
