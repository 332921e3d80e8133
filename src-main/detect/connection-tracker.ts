import type { Connection } from '../../src-shared/model';

/** `tcp|local:port|remote:port`: the 5-tuple that names one connection across ticks. */
export function connectionKey(c: Connection): string {
  return `${c.protocol}|${c.localAddress}|${c.localPort}|${c.remoteAddress}|${c.remotePort}`;
}

/** A socket with a peer: not a listener and not an unconnected UDP socket. */
export function hasPeer(c: Connection): boolean {
  return c.remotePort !== 0 && c.state !== 'LISTEN' && c.state !== 'UNCONN';
}

interface Seen {
  inode: number;
  lastSeen: number;
}

/**
 * Recognises new connections across ticks by their 5-tuple, including ones first seen in
 * TIME_WAIT. A known 5-tuple with a different non-zero inode is a new connection (port reuse).
 */
export class ConnectionTracker {
  private readonly seen = new Map<string, Seen>();
  /** Ticks observed so far; on the first one every connection is "new" but predates the session. */
  ticks = 0;

  constructor(private readonly forgetAfterMs = 120_000, private readonly maxTracked = 200_000) {}

  observe(connections: readonly Connection[], now: number): Connection[] {
    this.ticks++;
    const fresh: Connection[] = [];
    for (const c of connections) {
      if (!hasPeer(c)) continue;
      const key = connectionKey(c);
      const known = this.seen.get(key);
      const inode = c.inode || 0;
      if (!known) {
        fresh.push(c);
        this.seen.set(key, { inode, lastSeen: now });
        continue;
      }
      if (inode !== 0 && known.inode !== 0 && inode !== known.inode) fresh.push(c);
      if (inode !== 0) known.inode = inode;
      known.lastSeen = now;
    }
    const cutoff = now - this.forgetAfterMs;
    for (const [key, entry] of this.seen) {
      if (entry.lastSeen < cutoff || this.seen.size > this.maxTracked) this.seen.delete(key);
    }
    return fresh;
  }

  get size(): number {
    return this.seen.size;
  }
}
