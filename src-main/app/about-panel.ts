// The About box: version, and the offline enrichment data with the date of each data set.
import type { AboutPanelOptionsOptions } from 'electron';
import type { EnrichmentSummary } from '../../src-shared/core-protocol';

/** One line per data set: "AS (RouteViews …): 2026-06-17, 512,345 entries" or its problem. */
export function enrichmentLines(summary: EnrichmentSummary): string[] {
  return summary.sources.map((source) => {
    if (source.problem) return `${source.name}: unavailable (${source.problem})`;
    const date = source.date ? source.date.slice(0, 10) : 'date unknown';
    const entries = source.entries !== undefined && source.entries > 1 ? `, ${source.entries.toLocaleString('en-US')} entries` : '';
    return `${source.name}: ${date}${entries}`;
  });
}

export function aboutPanelOptions(appName: string, version: string, summary: EnrichmentSummary): AboutPanelOptionsOptions {
  const data = `Offline enrichment data (no online look-ups):\n${enrichmentLines(summary).join('\n')}`;
  return {
    applicationName: appName,
    applicationVersion: version,
    // Linux shows `copyright` but not `credits`; macOS and Windows show both.
    copyright: data,
    credits: data,
  };
}
