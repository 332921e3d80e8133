import { sanitizeText } from '../../src-shared/sanitize';
import { connectionService, geoLabel } from '../../src-shared/endpoint';
import type { Connection } from '../../src-shared/model';
import type { AddressClassifier } from '../../src-shared/address-class';
import type { ConnectionColumn, ConnectionSort } from '../../src-shared/connections-view';
import { formatBytes } from '../../src-shared/format';
import { formatEndpoint } from '../../src-shared/endpoint';
import { knownBadConnectionReason } from '../../src-shared/ports';
import { VirtualTable, type VirtualRow } from './VirtualTable';

const COLUMNS: readonly { id: ConnectionColumn; label: string; numeric?: boolean }[] = [
  { id: 'process', label: 'Process' },
  { id: 'pid', label: 'PID', numeric: true },
  { id: 'protocol', label: 'Proto' },
  { id: 'local', label: 'Local' },
  { id: 'remote', label: 'Remote' },
  { id: 'service', label: 'Service' },
  { id: 'geo', label: 'Country / AS' },
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

function connectionRow(connection: Connection, isExternal: AddressClassifier): VirtualRow {
  const external = isExternal(connection.remoteAddress);
  const risky = knownBadConnectionReason(connection);
  const service = connectionService(connection);
  const geo = connection.remoteGeo ? sanitizeText(geoLabel(connection.remoteGeo) ?? '') || undefined : undefined;
  return {
    className: `${external ? 'external' : ''}${risky ? ' risky' : ''}`,
    title: risky,
    cells: (
      <>
        <div role="cell" className="ellipsis">
          {connection.process ? sanitizeText(connection.process.name) : <span className="muted">unknown</span>}
        </div>
        <div role="cell" className="num">
          {connection.process?.pid ?? '—'}
        </div>
        <div role="cell">
          {connection.protocol}
          {connection.family === 6 ? '6' : ''}
        </div>
        <div role="cell" className="mono ellipsis">
          {sanitizeText(formatEndpoint(connection.localAddress, connection.localPort))}
        </div>
        <div role="cell" className="mono ellipsis">
          {sanitizeText(formatEndpoint(connection.remoteAddress, connection.remotePort))}
          {external && <span className="tag tag-external">external</span>}
        </div>
        <div role="cell" className="ellipsis">
          {service ?? <span className="muted">—</span>}
        </div>
        <div role="cell" className="ellipsis" title={geo}>
          {geo ?? <span className="muted">—</span>}
        </div>
        <div role="cell">{connection.state}</div>
        <div role="cell">{connection.direction}</div>
        <div role="cell" className="num">
          {formatBytes(connection.bytesSent)}
        </div>
        <div role="cell" className="num">
          {formatBytes(connection.bytesReceived)}
        </div>
      </>
    ),
  };
}

/** Only the rows in view are in the DOM, so 10,000 connections scroll like 30. */
export function ConnectionsTable({ rows, sort, onSort, isExternal }: ConnectionsTableProps) {
  const head = COLUMNS.map((column) => (
    <div key={column.id} role="columnheader" aria-sort={ariaSort(sort, column.id)} className={column.numeric ? 'num' : ''}>
      <button type="button" className="sort-button" onClick={() => onSort(column.id)}>
        {column.label}
        <span className="sort-mark" aria-hidden="true">
          {sort?.column === column.id ? (sort.descending ? '▼' : '▲') : ''}
        </span>
      </button>
    </div>
  ));
  return (
    <VirtualTable
      label="Connections"
      rows={rows}
      head={head}
      columnsClass="conn-cols"
      testId="connections-scroll"
      renderRow={(connection) => connectionRow(connection, isExternal)}
    />
  );
}
