import type { TickBatch } from '../../src-shared/model';
import { formatDuration } from '../../src-shared/format';
import { sanitizeText } from '../../src-shared/sanitize';

/** The one-line live status the CLI redraws on a terminal each tick. */
export function formatStatusLine(batch: TickBatch): string {
  const c = batch.severityCounts;
  return sanitizeText(
    `[${formatDuration(batch.elapsedMs)}] ${batch.totals.connections} connections, ${batch.totals.listening} listening | ` +
      `alerts CRITICAL ${c.CRITICAL} HIGH ${c.HIGH} MEDIUM ${c.MEDIUM} LOW ${c.LOW} | tick ${batch.collectMs + batch.detectMs} ms`,
  );
}
