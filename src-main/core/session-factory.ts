// How the core turns settings (and, after a crash, a seed) into a MonitorSession on the real host.
import type { EnrichmentSummary } from '../../src-shared/core-protocol';
import { Enricher } from '../enrich/enricher';
import { MonitorSession } from '../session/monitor-session';
import { sessionOptionsFromSettings } from '../session/settings-options';
import type { SessionFactory } from './session-controller';

/** Loaded once per core process, lazily and in the background, and shared by its sessions. */
let enricher: Enricher | undefined;

export const createMonitorSession: SessionFactory = (settings, seed, lists) => {
  enricher ??= new Enricher(); // each data set loads on the first lookup that needs it
  return new MonitorSession({
    ...sessionOptionsFromSettings(settings, lists),
    enricher,
    ...(seed && { seed }),
  });
};

/** The enrichment data sets' dates and sizes (loading them if no session did yet). */
export async function enrichmentStatus(): Promise<EnrichmentSummary> {
  enricher ??= new Enricher();
  await enricher.load();
  const { ready, sources } = enricher.status();
  return { ready, sources: sources.map(({ name, date, entries, problem }) => ({ name, ...(date && { date }), ...(entries !== undefined && { entries }), ...(problem && { problem }) })) };
}
