import type { TickBatch } from '../../src-shared/model';
import { sanitizeText } from '../../src-shared/sanitize';

function clock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** The one-line live status the CLI redraws on a terminal each tick. */
export function formatStatusLine(batch: TickBatch): string {
  const c = batch.severityCounts;
  return sanitizeText(`[${clock(batch.elapsedMs)}] ${batch.totals.connections} connections, ${batch.totals.listening} listening | `
    + `alerts CRITICAL ${c.CRITICAL} HIGH ${c.HIGH} MEDIUM ${c.MEDIUM} LOW ${c.LOW} | tick ${batch.collectMs + batch.detectMs} ms`);
}
