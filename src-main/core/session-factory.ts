// How settings (plus loaded lists, a duration, or after a crash a seed) become a MonitorSession on
// the real host: the same code for the CLI and for the app's core process.
import type { EnrichmentSummary } from '../../src-shared/core-protocol';
import { Enricher } from '../enrich/enricher';
import { MonitorSession } from '../session/monitor-session';
import { sessionOptionsFromSettings } from '../session/settings-options';
import type { MonitorSettings } from '../../src-shared/settings';
import type { LoadedLists } from '../lists/load-lists';
import type { SessionSeed } from '../../src-shared/core-protocol';
import type { SessionFactory } from './session-controller';

/** Loaded once per core process, lazily and in the background, and shared by its sessions. */
let enricher: Enricher | undefined;

/** The one way the CLI and the app's core process build a session on the real host. */
export function monitorSessionOnHost(
  settings: MonitorSettings,
  extra: { lists?: LoadedLists; seed?: SessionSeed; durationMs?: number; tableDeltas?: boolean } = {},
): MonitorSession {
  enricher ??= new Enricher(); // each data set loads on the first lookup that needs it
  return new MonitorSession({
    ...sessionOptionsFromSettings(settings, extra.lists),
    enricher,
    ...(extra.seed && { seed: extra.seed }),
    ...(extra.durationMs !== undefined && { durationMs: extra.durationMs }),
    ...(extra.tableDeltas !== undefined && { tableDeltas: extra.tableDeltas }),
  });
}

export const createMonitorSession: SessionFactory = (settings, seed, lists) =>
  monitorSessionOnHost(settings, { ...(seed && { seed }), ...(lists && { lists }) });

/** The enrichment data sets' dates and sizes (loading them if no session did yet). */
export async function enrichmentStatus(): Promise<EnrichmentSummary> {
  enricher ??= new Enricher();
  await enricher.load();
  const { ready, sources } = enricher.status();
  return {
    ready,
    sources: sources.map(({ name, date, entries, problem }) => ({
      name,
      ...(date && { date }),
      ...(entries !== undefined && { entries }),
      ...(problem && { problem }),
    })),
  };
}
