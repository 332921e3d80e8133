import { sanitizeText } from '../../src-shared/sanitize';
import { useMemo } from 'react';
import { SEVERITIES } from '../../src-shared/model';
import { riskLevel } from '../../src-shared/report';
import { api } from '../bridge';
import { ElapsedTimer } from '../components/ElapsedTimer';
import { ExportButton, ExportFailure } from '../components/ExportButton';
import { SeverityBadge } from '../components/SeverityBadge';
import { formatCount } from '../../src-shared/format';
import { startMonitoring, stopMonitoring } from '../store/session-actions';
import { dashboardStore, useDashboard } from '../store/use-dashboard';

const STATE_LABELS = { idle: 'Idle', running: 'Monitoring', stopping: 'Stopping…', stopped: 'Stopped' } as const;

/** Alerts per severity, the ones the engine dropped, and the overall risk they add up to. */
function SeverityCounters() {
  const counts = useDashboard((state) => state.severityCounts);
  const dropped = useDashboard((state) => state.alertsDropped);
  const risk = useMemo(() => riskLevel(counts), [counts]);
  return (
    <div className="header-row counters" aria-label="Alerts by severity">
      {SEVERITIES.map((severity) => (
        <span key={severity} className={`counter counter-${severity.toLowerCase()}`} data-testid={`count-${severity}`}>
          <span className="counter-value">{counts[severity]}</span> {severity.toLowerCase()}
        </span>
      ))}
      <span
        className={`counter counter-dropped${dropped > 0 ? ' has-dropped' : ''}`}
        data-testid="alerts-dropped"
        title="Alerts the engine dropped to stay within its cap (lowest severity first) or folded into a summary alert"
      >
        <span className="counter-value">{formatCount(dropped)}</span> dropped
      </span>
      <span className="risk" data-testid="risk-level">
        Overall risk <SeverityBadge level={risk} />
      </span>
    </div>
  );
}

export function Header() {
  const status = useDashboard((state) => state.status);
  const pendingAction = useDashboard((state) => state.pendingAction);
  const actionError = useDashboard((state) => state.actionError);
  const hostname = useDashboard((state) => state.status.hostname || state.snapshot?.hostname || '');
  const running = status.state === 'running';
  const bridge = api;

  function toggle() {
    if (!bridge) return;
    void (running ? stopMonitoring(bridge, dashboardStore) : startMonitoring(bridge, dashboardStore));
  }

  return (
    <header className="header">
      <div className="header-row">
        <h1 className="brand">NetSentinel</h1>
        <span className={`session-state state-${status.state}`} data-testid="session-state">
          <span className="dot" aria-hidden="true" />
          {STATE_LABELS[status.state]}
        </span>
        <button
          type="button"
          className={`button ${running ? 'button-stop' : 'button-start'}`}
          disabled={!bridge || pendingAction !== undefined || status.state === 'stopping'}
          onClick={toggle}
        >
          {pendingAction === 'start' ? 'Starting…' : pendingAction === 'stop' ? 'Stopping…' : running ? 'Stop' : 'Start'}
        </button>
        <ElapsedTimer status={status} />
        <span className="hostname" title="Host name">
          {hostname ? sanitizeText(hostname) : '—'}
        </span>
        <div className="spacer" />
        <ExportButton />
      </div>
      <SeverityCounters />
      <ExportFailure />
      {(actionError || status.error) && (
        <p className="banner banner-error" role="alert">
          {sanitizeText(actionError ?? status.error ?? '')}
        </p>
      )}
    </header>
  );
}
