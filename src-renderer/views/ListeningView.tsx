import { sanitizeText } from '../../src-shared/sanitize';
import { useMemo } from 'react';
import { serviceName } from '../../src-shared/endpoint';
import type { ListeningPort } from '../../src-shared/model';
import { EmptyState } from '../components/EmptyState';
import { VirtualTable, type VirtualRow } from '../components/VirtualTable';
import { formatCount } from '../../src-shared/format';
import { formatEndpoint } from '../../src-shared/endpoint';
import { isUnspecified } from '../../src-shared/net';
import { riskyListenerReason } from '../../src-shared/ports';
import { useDashboard } from '../store/use-dashboard';

const NO_PORTS: ListeningPort[] = [];

const HEAD = ['Port', 'Service', 'Proto', 'Address', 'Process', 'PID', 'Note'].map((label) => (
  <div key={label} role="columnheader" className={label === 'Port' || label === 'PID' ? 'num' : ''}>
    {label}
  </div>
));

function listeningRow(port: ListeningPort): VirtualRow {
  const reason = riskyListenerReason(port.port);
  return {
    className: reason ? 'risky' : '',
    cells: (
      <>
        <div role="cell" className="num">
          {port.port}
        </div>
        <div role="cell" className="ellipsis">
          {serviceName(port.port, port.protocol) ?? <span className="muted">—</span>}
        </div>
        <div role="cell">
          {port.protocol}
          {port.family === 6 ? '6' : ''}
        </div>
        <div role="cell" className="mono ellipsis">
          {sanitizeText(formatEndpoint(port.address))}
          {isUnspecified(port.address) && <span className="tag">all interfaces</span>}
        </div>
        <div role="cell" className="ellipsis">
          {port.process ? sanitizeText(port.process.name) : <span className="muted">unknown</span>}
        </div>
        <div role="cell" className="num">
          {port.process?.pid ?? '—'}
        </div>
        <div role="cell" className="ellipsis">
          {reason && <span className="tag tag-risky">{reason}</span>}
        </div>
      </>
    ),
  };
}

export function ListeningView() {
  const listening = useDashboard((state) => state.snapshot?.listening ?? NO_PORTS);
  const hasSnapshot = useDashboard((state) => state.snapshot !== undefined);
  const rows = useMemo(
    () => [...listening].sort((a, b) => Number(!riskyListenerReason(a.port)) - Number(!riskyListenerReason(b.port)) || a.port - b.port),
    [listening],
  );
  const riskyCount = useMemo(() => rows.filter((port) => riskyListenerReason(port.port)).length, [rows]);

  if (!hasSnapshot) {
    return (
      <div className="view">
        <EmptyState title="No listening ports yet">They are listed after the first tick.</EmptyState>
      </div>
    );
  }
  if (rows.length === 0) {
    return (
      <div className="view">
        <EmptyState title="Nothing is listening">No TCP listener or bound UDP socket was found.</EmptyState>
      </div>
    );
  }
  return (
    <div className="view">
      <p className="muted" data-testid="listening-count">
        {formatCount(rows.length)} listening sockets · <span className="text-risky">{formatCount(riskyCount)} on risky ports</span> (listed first)
      </p>
      <VirtualTable label="Listening ports" rows={rows} head={HEAD} columnsClass="listen-cols" testId="listening-scroll" renderRow={listeningRow} />
    </div>
  );
}
