// /proc/net/dev → per-interface counters; rates against the previous reading.
import type { InterfaceCounters } from '../../../src-shared/model';

export type RawInterfaceCounters = Omit<InterfaceCounters, 'rxRate' | 'txRate'>;

export interface NetDevParse {
  interfaces: RawInterfaceCounters[];
  badLines: number;
}

export function parseNetDev(text: string): NetDevParse {
  const interfaces: RawInterfaceCounters[] = [];
  let badLines = 0;
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) {
      if (line.trim() && !line.includes('|')) badLines++; // the two header lines hold '|'
      continue;
    }
    const name = line.slice(0, colon).trim();
    const f = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    if (!name || f.length < 16 || f.some((v) => !Number.isFinite(v))) {
      badLines++;
      continue;
    }
    const at = (i: number): number => f[i] ?? 0;
    interfaces.push({
      name,
      rxBytes: at(0),
      rxPackets: at(1),
      rxErrors: at(2),
      rxDropped: at(3),
      txBytes: at(8),
      txPackets: at(9),
      txErrors: at(10),
      txDropped: at(11),
    });
  }
  return { interfaces, badLines };
}

/** Bytes per second since `previous` (taken `elapsedMs` earlier); 0 without one or after a counter reset. */
export function withRates(
  current: readonly RawInterfaceCounters[],
  previous: readonly RawInterfaceCounters[] | undefined,
  elapsedMs: number,
): InterfaceCounters[] {
  const before = new Map(previous?.map((p) => [p.name, p]));
  return current.map((c) => {
    const p = before.get(c.name);
    const rate = (now: number, then: number | undefined): number =>
      then === undefined || elapsedMs <= 0 || now < then ? 0 : ((now - then) * 1000) / elapsedMs;
    return { ...c, rxRate: rate(c.rxBytes, p?.rxBytes), txRate: rate(c.txBytes, p?.txBytes) };
  });
}
