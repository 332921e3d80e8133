import type { Connection, HostSnapshot } from '../../src-shared/model';
import type { RuleContext } from './types';

/** `tcp|local:port|remote:port`: the 5-tuple that names one connection across ticks. */
export function connectionKey(c: Connection): string {
  return `${c.protocol}|${c.localAddress}|${c.localPort}|${c.remoteAddress}|${c.remotePort}`;
}

/** A socket with a peer: not a listener and not an unconnected UDP socket. */
export function hasPeer(c: Connection): boolean {
  return c.remotePort !== 0 && c.state !== 'LISTEN' && c.state !== 'UNCONN';
}

/**
 * Tells whether a socket is the accepting (server) side: marked inbound by the collector, or its
 * local port is one this host listens on.
 */
export function inboundTest(snapshot: HostSnapshot): (c: Connection) => boolean {
  const tcp = new Set<number>();
  const udp = new Set<number>();
  for (const l of snapshot.listening) (l.protocol === 'udp' ? udp : tcp).add(l.port);
  return (c) => c.direction === 'inbound' || (c.protocol === 'udp' ? udp : tcp).has(c.localPort);
}

interface Seen {
  inode: number;
  lastSeen: number;
}

interface Live {
  key: string;
  lastSeen: number;
}

/**
 * Recognises new connections across ticks by their 5-tuple, including ones first seen in
 * TIME_WAIT. A known 5-tuple with a different non-zero inode is a new connection (port reuse).
 * Sockets with an inode are looked up by inode first, so the 5-tuple text is only built for
 * new sockets and for inode-less ones (TIME_WAIT, or platforms without inodes).
 */
export class ConnectionTracker {
  private readonly tuples = new Map<string, Seen>();
  private readonly inodes = new Map<number, Live>();
  /** Ticks observed so far; on the first one every connection is "new" but predates the session. */
  ticks = 0;
  private lastSweep = -Infinity;
  private lastObserved: readonly Connection[] | undefined;
  private lastFullObserve = -Infinity;

  constructor(
    private readonly forgetAfterMs = 120_000,
    private readonly maxTracked = 200_000,
  ) {}

  observe(connections: readonly Connection[], now: number): Connection[] {
    this.ticks++;
    // A quiet tick (collect/linux/quiet-ticks.ts) hands over the same read-only array again: nothing
    // is new. Entries are refreshed at least every quarter of the forget delay all the same.
    if (connections === this.lastObserved && now - this.lastFullObserve < this.forgetAfterMs / 4) return [];
    this.lastObserved = connections;
    this.lastFullObserve = now;
    const fresh: Connection[] = [];
    for (const c of connections) {
      if (!hasPeer(c)) continue;
      const inode = c.inode || 0;
      if (inode !== 0) {
        const live = this.inodes.get(inode);
        if (live) {
          live.lastSeen = now;
          continue;
        }
      }
      const key = connectionKey(c);
      const known = this.tuples.get(key);
      if (!known) {
        fresh.push(c);
        this.tuples.set(key, { inode, lastSeen: now });
      } else {
        if (inode !== 0 && known.inode !== 0 && inode !== known.inode) fresh.push(c);
        if (inode !== 0) known.inode = inode;
        known.lastSeen = now;
      }
      if (inode !== 0) this.inodes.set(inode, { key, lastSeen: now });
    }
    // Sweeping a quarter of the forget delay at a time keeps ticks cheap and memory bounded; the
    // first observe has nothing to forget (12 ms of a 12,000-socket first tick).
    if (this.lastSweep === -Infinity) this.lastSweep = now;
    if (now - this.lastSweep >= this.forgetAfterMs / 4 || this.tuples.size > this.maxTracked) this.sweep(now);
    return fresh;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    const cutoff = now - this.forgetAfterMs;
    for (const [inode, live] of this.inodes) {
      const tuple = this.tuples.get(live.key);
      if (tuple && tuple.inode === inode && live.lastSeen > tuple.lastSeen) tuple.lastSeen = live.lastSeen;
      if (live.lastSeen < now) this.inodes.delete(inode);
    }
    for (const [key, entry] of this.tuples) {
      if (entry.lastSeen < cutoff || this.tuples.size > this.maxTracked) this.tuples.delete(key);
    }
  }

  get size(): number {
    return this.tuples.size;
  }
}

/** Connections first seen this tick: the engine's shared answer when given, else the rule's own tracker's. */
export function freshConnections(snapshot: HostSnapshot, tracker: ConnectionTracker, context: RuleContext): Connection[] {
  if (context.newConnections) {
    tracker.ticks++;
    return context.newConnections;
  }
  return tracker.observe(snapshot.connections, context.now);
}
