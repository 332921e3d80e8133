import { useMemo } from 'react';
import { AlertEvidence } from '../components/AlertEvidence';
import { AlertList } from '../components/AlertList';
import { EmptyState } from '../components/EmptyState';
import { ExportDataButton } from '../components/ExportDataButton';
import { TimelineChart } from '../components/TimelineChart';
import { alertsNewestFirst } from '../../src-shared/alert-view';
import { dashboardStore, useDashboard } from '../store/use-dashboard';

export function ThreatTimelineView() {
  const alertMap = useDashboard((state) => state.alerts);
  const series = useDashboard((state) => state.severitySeries);
  const selectedId = useDashboard((state) => state.selectedAlertId);
  const running = useDashboard((state) => state.status.state === 'running');
  const showSuppressed = useDashboard((state) => state.showSuppressed);
  const all = useMemo(() => alertsNewestFirst(alertMap), [alertMap]);
  const alerts = useMemo(() => (showSuppressed ? all : all.filter((alert) => alert.status !== 'suppressed')), [all, showSuppressed]);
  const suppressed = all.length - all.filter((alert) => alert.status !== 'suppressed').length;
  const selected = selectedId ? alertMap[selectedId] : undefined;

  return (
    <div className="view view-timeline">
      <section className="card">
        <h2>Alert activity</h2>
        {series.length === 0 ? (
          <EmptyState title="No ticks yet">Press Start: each tick adds a bar of the alerts it raised or updated.</EmptyState>
        ) : (
          <TimelineChart series={series} />
        )}
      </section>
      <div className="split">
        <section className="card alerts-card">
          <div className="card-head">
            <h2>
              Alerts{' '}
              <span className="muted">
                ({all.length - suppressed}
                {suppressed > 0 ? `, ${suppressed} suppressed` : ''})
              </span>
            </h2>
            <label className="checkbox">
              <input type="checkbox" checked={showSuppressed} onChange={(event) => dashboardStore.getState().setShowSuppressed(event.target.checked)} />
              Show suppressed (dimmed)
            </label>
            <ExportDataButton kind="alerts-csv" label="Export CSV" disabled={all.length === 0} />
          </div>
          {alerts.length === 0 ? (
            <EmptyState title={running ? 'No threats detected so far' : 'No alerts'}>
              {running ? 'Alerts appear here as soon as a rule fires.' : 'Start monitoring to look for threats.'}
            </EmptyState>
          ) : (
            <AlertList
              alerts={alerts}
              selectedId={selectedId}
              onSelect={(id) => dashboardStore.getState().selectAlert(id)}
              onSuppress={(id) => dashboardStore.getState().openSuppressForm(id)}
            />
          )}
        </section>
        <section className="card evidence-card">
          {selected ? (
            <AlertEvidence alert={selected} />
          ) : (
            <EmptyState title="Select an alert">Its process, endpoints, evidence and the recommended response show here.</EmptyState>
          )}
        </section>
      </div>
    </div>
  );
}
