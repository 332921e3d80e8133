import { useMemo, useState } from 'react';
import { sanitizeText } from '../../src-shared/sanitize';
import { EmptyState } from '../components/EmptyState';
import { MiniChart, type MiniSeries } from '../components/MiniChart';
import { SeverityBadge } from '../components/SeverityBadge';
import { VirtualTable, type VirtualRow } from '../components/VirtualTable';
import { alertsNewestFirst } from '../../src-shared/alert-view';
import { appChart, buildAppRows, sortAppRows, type AppColumn, type AppRow, type AppSort } from '../logic/apps-view';
import { formatBytes, formatClock, formatCount } from '../../src-shared/format';
import { CHART_COLORS, SEVERITY_COLORS } from '../logic/severity-colors';
import { useDashboard } from '../store/use-dashboard';

const COLUMNS: readonly { id: AppColumn; label: string; numeric?: boolean }[] = [
  { id: 'name', label: 'Application' },
  { id: 'connections', label: 'Now', numeric: true },
  { id: 'hosts', label: 'Remote hosts', numeric: true },
  { id: 'countries', label: 'Countries' },
  { id: 'sent', label: 'Sent', numeric: true },
  { id: 'received', label: 'Received', numeric: true },
  { id: 'firstSeen', label: 'First seen' },
  { id: 'listening', label: 'Listening' },
  { id: 'alerts', label: 'Alerts' },
];

const LINE_COLORS = [CHART_COLORS.accent, CHART_COLORS.accent2, SEVERITY_COLORS.MEDIUM, SEVERITY_COLORS.HIGH, SEVERITY_COLORS.LOW];
const MAX_COUNTRIES_SHOWN = 6;
const MAX_PORTS_SHOWN = 6;

function listText(items: readonly (string | number)[], max: number): string {
  return items.length > max ? `${items.slice(0, max).join(', ')} +${items.length - max}` : items.join(', ');
}

function appRow(row: AppRow): VirtualRow {
  return {
    title: row.exe ? sanitizeText(row.exe) : undefined,
    cells: (
      <>
        <div role="cell" className="ellipsis">
          {sanitizeText(row.name)}
          {row.exe && <span className="muted mono small"> {sanitizeText(row.exe)}</span>}
        </div>
        <div role="cell" className="num">
          {formatCount(row.connectionsNow)}
        </div>
        <div role="cell" className="num">
          {formatCount(row.remoteHosts)}
          {row.moreHosts ? '+' : ''}
        </div>
        <div role="cell" className="ellipsis">
          {row.countries.length ? sanitizeText(listText(row.countries, MAX_COUNTRIES_SHOWN)) : <span className="muted">—</span>}
        </div>
        <div role="cell" className="num">
          {formatBytes(row.bytesSent)}
        </div>
        <div role="cell" className="num">
          {formatBytes(row.bytesReceived)}
        </div>
        <div role="cell">{row.firstSeen !== undefined ? formatClock(row.firstSeen) : <span className="muted">—</span>}</div>
        <div role="cell" className="mono ellipsis">
          {row.listeningPorts.length ? listText(row.listeningPorts, MAX_PORTS_SHOWN) : <span className="muted">—</span>}
        </div>
        <div role="cell">
          {row.worstSeverity ? (
            <>
              <SeverityBadge level={row.worstSeverity} /> {row.alerts}
            </>
          ) : (
            <span className="muted">none</span>
          )}
        </div>
      </>
    ),
  };
}

function nextSort(current: AppSort | undefined, column: AppColumn): AppSort {
  // Numbers are most useful biggest first; names A→Z.
  if (current?.column === column) return { column, descending: !current.descending };
  return { column, descending: column !== 'name' };
}

function BytesChart() {
  const usage = useDashboard((state) => state.appUsage);
  const chart = useMemo(() => appChart(usage), [usage]);
  const series: MiniSeries<Record<string, number>>[] = chart.apps.map((app, index) => ({
    key: app.dataKey,
    label: sanitizeText(app.name),
    color: LINE_COLORS[index % LINE_COLORS.length] ?? CHART_COLORS.accent,
  }));
  const legend = chart.apps.map((app) => sanitizeText(app.name)).join(', ');
  return (
    <MiniChart
      title="Bytes per tick, busiest apps"
      current={legend || 'no traffic yet'}
      data={chart.points as ({ time: number } & Record<string, number>)[]}
      series={series}
      format={formatBytes}
    />
  );
}

export function AppsView() {
  const usage = useDashboard((state) => state.appUsage);
  const snapshot = useDashboard((state) => state.snapshot);
  const alertMap = useDashboard((state) => state.alerts);
  const [sort, setSort] = useState<AppSort | undefined>(undefined);
  const alerts = useMemo(() => alertsNewestFirst(alertMap), [alertMap]);
  const rows = useMemo(() => sortAppRows(buildAppRows(usage, snapshot, alerts), sort), [usage, snapshot, alerts, sort]);

  if (!snapshot) {
    return (
      <div className="view">
        <EmptyState title="No applications yet">Press Start: every program with a socket shows here, grouped by executable.</EmptyState>
      </div>
    );
  }
  const head = COLUMNS.map((column) => (
    <div
      key={column.id}
      role="columnheader"
      className={column.numeric ? 'num' : ''}
      aria-sort={sort?.column === column.id ? (sort.descending ? 'descending' : 'ascending') : 'none'}
    >
      <button type="button" className="sort-button" onClick={() => setSort(nextSort(sort, column.id))}>
        {column.label}
        <span className="sort-mark" aria-hidden="true">
          {sort?.column === column.id ? (sort.descending ? '▼' : '▲') : ''}
        </span>
      </button>
    </div>
  ));
  return (
    <div className="view view-apps">
      <BytesChart />
      <p className="muted" data-testid="apps-count">
        {formatCount(rows.length)} applications this session · bytes from the per-connection counters
      </p>
      <VirtualTable label="Applications" rows={rows} head={head} columnsClass="apps-cols" testId="apps-scroll" renderRow={appRow} />
    </div>
  );
}
