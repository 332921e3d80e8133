import { useMemo, useState } from 'react';
import type { ExportResult } from '../../src-shared/api';
import type { JournalSessionDetail } from '../../src-shared/journal';
import { SEVERITIES, type Alert } from '../../src-shared/model';
import { sanitizeText } from '../../src-shared/sanitize';
import { api } from '../bridge';
import { AlertEvidence } from '../components/AlertEvidence';
import { AlertList } from '../components/AlertList';
import { EmptyState } from '../components/EmptyState';
import { SeverityBadge } from '../components/SeverityBadge';
import { TimelineChart } from '../components/TimelineChart';
import { alertsNewestFirst } from '../../src-shared/alert-view';
import { formatDateTime, formatDuration } from '../../src-shared/format';
import { errorMessage } from '../../src-shared/error-message';

function ExportSession({ id }: { id: string }) {
  const [result, setResult] = useState<ExportResult | 'pending' | undefined>();
  const run = (): void => {
    setResult('pending');
    api?.exportSessionReport(id).then(setResult, (error: unknown) => setResult({ ok: false, error: errorMessage(error) }));
  };
  return (
    <div className="export">
      <button type="button" className="button" disabled={result === 'pending'} onClick={run}>
        {result === 'pending' ? 'Exporting…' : 'Export Report'}
      </button>
      <span className="export-result" role="status" aria-live="polite">
        {typeof result === 'object' && result.ok && (
          <span className="ok">
            Saved{' '}
            <code className="export-path" data-testid="history-export-path">
              {sanitizeText(result.path)}
            </code>
          </span>
        )}
        {typeof result === 'object' && !result.ok && !result.canceled && <span className="error">Export failed: {sanitizeText(result.error)}</span>}
      </span>
    </div>
  );
}

/** One past session, read-only: the same timeline chart, alert list and evidence as a live session. */
export function HistorySessionView({ detail, onBack }: { detail: JournalSessionDetail; onBack: () => void }) {
  const { summary } = detail;
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const alertMap = useMemo(() => Object.fromEntries(detail.alerts.map((alert): [string, Alert] => [alert.id, alert])), [detail]);
  const alerts = useMemo(() => alertsNewestFirst(alertMap), [alertMap]);
  const selected = selectedId ? alertMap[selectedId] : undefined;
  return (
    <div className="view view-timeline view-history-session" data-testid="history-session">
      <section className="card">
        <div className="card-head">
          <button type="button" className="button button-small" onClick={onBack}>
            ← All sessions
          </button>
          <h2>
            Session of {formatDateTime(summary.startedAt)} on {sanitizeText(summary.hostname)}
            <span className="muted">
              {' '}
              · {formatDuration(summary.durationMs)}
              {summary.complete ? '' : ' · did not stop normally'} · read-only
            </span>
          </h2>
          <span className="risk">
            Risk <SeverityBadge level={summary.risk} />
          </span>
          <ExportSession id={summary.id} />
        </div>
        <p className="muted">
          {SEVERITIES.map((s) => `${summary.counts[s]} ${s}`).join(' · ')} · {summary.suppressed} suppressed
        </p>
        {detail.warnings.length > 0 && <p className="warn">{detail.warnings.map((w) => sanitizeText(w)).join(' ')}</p>}
        {detail.series.length === 0 ? <EmptyState title="No ticks journaled" /> : <TimelineChart series={detail.series} />}
      </section>
      <div className="split">
        <section className="card alerts-card">
          <h2>
            Alerts <span className="muted">({alerts.length})</span>
          </h2>
          {alerts.length === 0 ? (
            <EmptyState title="No alerts in this session" />
          ) : (
            <AlertList alerts={alerts} selectedId={selectedId} onSelect={setSelectedId} />
          )}
        </section>
        <section className="card evidence-card">
          {selected ? (
            <AlertEvidence alert={selected} readOnly />
          ) : (
            <EmptyState title="Select an alert">Its process, endpoints and evidence show here.</EmptyState>
          )}
        </section>
      </div>
    </div>
  );
}
