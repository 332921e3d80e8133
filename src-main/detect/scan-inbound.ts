// This host being scanned: per remote source, the local ports it touched within the window.
import type { Connection, Finding, Severity } from '../../src-shared/model';
import type { HomeNet } from '../../src-shared/net';
import { getOrAddBounded } from '../../src-shared/bounded-map';

/** Target (port or host:port) → last time touched, within the window. */
type Touches = Map<string, number>;

export interface Actor {
  touches: Touches;
  lastProcess?: Connection['process'];
  firstSeen: number;
}

export function touch(map: Map<string, Actor>, key: string, target: string, now: number, c: Connection, max: number): Actor {
  const actor = getOrAddBounded(map, key, max, (): Actor => ({ touches: new Map(), firstSeen: now }));
  actor.touches.set(target, now);
  if (c.process) actor.lastProcess = c.process;
  return actor;
}

export function prune(map: Map<string, Actor>, cutoff: number): void {
  for (const [key, actor] of map) {
    for (const [target, t] of actor.touches) if (t < cutoff) actor.touches.delete(target);
    if (actor.touches.size === 0) map.delete(key);
  }
}

export function targetsTouchedSince(actor: Actor, since: number): number {
  let n = 0;
  for (const t of actor.touches.values()) if (t >= since) n++;
  return n;
}

export interface InboundScanSettings {
  severity: Severity;
  /** Distinct local ports one source must touch within the window. */
  distinctPorts: number;
  windowMs: number;
}

/** The finding for a source that touched enough local ports, or undefined. */
export function inboundScanFinding(source: string, actor: Actor | undefined, homeNet: HomeNet, now: number, s: InboundScanSettings): Finding | undefined {
  if (!actor || actor.touches.size < s.distinctPorts) return undefined;
  const ports = [...actor.touches.keys()];
  const newNow = targetsTouchedSince(actor, now);
  const crossed = actor.touches.size - newNow < s.distinctPorts;
  const internal = homeNet.isInternal(source);
  return {
    key: `in|${source}`,
    severity: s.severity,
    title: `Port scan from ${source}`,
    description: `${source} (${internal ? 'internal' : 'external'}) touched ${ports.length} local ports within ${s.windowMs / 1000} s.`,
    source: { address: source },
    ...(actor.lastProcess ? { process: actor.lastProcess } : {}),
    evidence: {
      direction: 'inbound',
      scanner: source,
      distinctPorts: ports.length,
      ports: ports.slice(0, 50),
      newPortsThisTick: newNow,
      windowSec: s.windowMs / 1000,
      sourceInternal: internal,
      firstSeen: new Date(Math.max(actor.firstSeen, now - s.windowMs)).toISOString(),
    },
    occurrences: crossed ? actor.touches.size : newNow,
  };
}
