// After the core process died: the session continues from its journal, merged with what main kept
// (the mirror of the batches it forwarded), so an alert in either survives.
import type { SessionSeed } from '../../src-shared/core-protocol';
import type { Alert } from '../../src-shared/model';
import { MAX_ALERTS, pickEvictions } from '../../src-shared/alert-bounds';
import { readJournal } from './reader';
import { sessionAlerts } from './replay';

/** The later state of each alert (by last seen, then count); at most MAX_ALERTS, evicted the engine's way. */
export function mergeAlerts(a: readonly Alert[], b: readonly Alert[]): Alert[] {
  const byId = new Map<string, Alert>();
  for (const alert of [...a, ...b]) {
    const known = byId.get(alert.id);
    if (!known || alert.lastSeen > known.lastSeen || (alert.lastSeen === known.lastSeen && alert.count > known.count)) byId.set(alert.id, alert);
  }
  const evicted = new Set(pickEvictions(byId.values(), MAX_ALERTS));
  return [...byId.values()].filter((alert) => !evicted.has(alert.id));
}

export interface JournalRestore {
  seed: SessionSeed;
  /** The journal already ends with its stop record: nothing more is written to it. */
  closed: boolean;
  /** Alerts the journal gave that main's mirror did not have. */
  fromJournalOnly: number;
}

/** The seed for a restarted core: the journal's session merged with main's; undefined when the journal cannot be read as a session. */
export async function restoreFromJournal(path: string, mirror: SessionSeed | undefined): Promise<JournalRestore | undefined> {
  const journal = await readJournal(path).catch(() => undefined);
  if (!journal?.start) return undefined;
  const journaled = sessionAlerts(journal);
  const known = new Set(mirror?.alerts.map((a) => a.id));
  const endedAt = mirror?.endedAt ?? journal.stop?.endedAt;
  return {
    seed: {
      startedAt: journal.start.startedAt,
      seq: Math.max(journal.stop?.ticks ?? journal.lastTick?.seq ?? 0, mirror?.seq ?? 0),
      alerts: mergeAlerts(journaled, mirror?.alerts ?? []),
      ...(endedAt !== undefined && { endedAt }),
    },
    closed: journal.stop !== undefined,
    fromJournalOnly: journaled.filter((a) => !known.has(a.id)).length,
  };
}
