import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { Connection } from '../../src-shared/model';
import type { AddressClassifier } from '../logic/address-class';
import type { ConnectionColumn, ConnectionSort } from '../logic/connections-view';
import { formatBytes, formatEndpoint } from '../logic/format';
import { riskyPortReason } from '../logic/risky-ports';

export const ROW_HEIGHT = 28;

const COLUMNS: readonly { id: ConnectionColumn; label: string; numeric?: boolean }[] = [
  { id: 'process', label: 'Process' },
  { id: 'pid', label: 'PID', numeric: true },
  { id: 'protocol', label: 'Proto' },
  { id: 'local', label: 'Local' },
  { id: 'remote', label: 'Remote' },
  { id: 'state', label: 'State' },
  { id: 'direction', label: 'Direction' },
  { id: 'bytesSent', label: 'Sent', numeric: true },
  { id: 'bytesReceived', label: 'Received', numeric: true },
];

interface ConnectionsTableProps {
  rows: readonly Connection[];
  sort: ConnectionSort | undefined;
  onSort: (column: ConnectionColumn) => void;
  isExternal: AddressClassifier;
}

function ariaSort(sort: ConnectionSort | undefined, column: ConnectionColumn): 'ascending' | 'descending' | 'none' {
  if (sort?.column !== column) return 'none';
  return sort.descending ? 'descending' : 'ascending';
}

/** Only the rows in view are in the DOM, so 10,000 connections scroll like 30. */
export function ConnectionsTable({ rows, sort, onSort, isExternal }: ConnectionsTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  return (
    <div className="conn-table" role="table" aria-label="Connections" aria-rowcount={rows.length + 1}>
      <div className="conn-row conn-head" role="row">
        {COLUMNS.map((column) => (
          <div key={column.id} role="columnheader" aria-sort={ariaSort(sort, column.id)} className={column.numeric ? 'num' : ''}>
            <button type="button" className="sort-button" onClick={() => onSort(column.id)}>
              {column.label}
              <span className="sort-mark" aria-hidden="true">
                {sort?.column === column.id ? (sort.descending ? '▼' : '▲') : ''}
              </span>
            </button>
          </div>
        ))}
      </div>
      <div className="conn-scroll" ref={scroller} tabIndex={0} aria-label="Connection rows" data-testid="connections-scroll">
        <div className="conn-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const connection = rows[item.index];
            if (!connection) return null;
            const external = isExternal(connection.remoteAddress);
            const risky = riskyPortReason(connection.remotePort) ?? riskyPortReason(connection.localPort);
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                className={`conn-row${external ? ' external' : ''}${risky ? ' risky' : ''}`}
                style={{ transform: `translateY(${item.start}px)` }}
                title={risky}
              >
                <div role="cell" className="ellipsis">{connection.process?.name ?? <span className="muted">unknown</span>}</div>
                <div role="cell" className="num">{connection.process?.pid ?? '—'}</div>
                <div role="cell">{connection.protocol}{connection.family === 6 ? '6' : ''}</div>
                <div role="cell" className="mono ellipsis">{formatEndpoint(connection.localAddress, connection.localPort)}</div>
                <div role="cell" className="mono ellipsis">
                  {formatEndpoint(connection.remoteAddress, connection.remotePort)}
                  {external && <span className="tag tag-external">external</span>}
                </div>
                <div role="cell">{connection.state}</div>
                <div role="cell">{connection.direction}</div>
                <div role="cell" className="num">{formatBytes(connection.bytesSent)}</div>
                <div role="cell" className="num">{formatBytes(connection.bytesReceived)}</div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
