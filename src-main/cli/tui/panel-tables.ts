// Each list panel as a table: its columns, the text of a row's cells, its tone and its filter test.
import { formatEndpoint } from '../../../src-shared/endpoint';
import { matchesText } from '../../../src-shared/connections-view';
import { formatClock, formatCount } from '../../../src-shared/format';
import type { Alert, ArpEntry, Severity } from '../../../src-shared/model';
import { serviceColumnText, type ConnectionRow } from './connection-rows';
import type { ColumnSpec } from './layout';
import type { ListeningRow } from './listening-rows';
import type { RowList } from './ranked-rows';
import type { CoverageLine } from './view-model';

/** How a row is coloured (when colour is on): by severity, or as an external / risky endpoint. */
export type Tone = Severity | 'external' | 'risky';

export interface PanelTable<Row> {
  columns: readonly ColumnSpec[];
  cells: (row: Row) => Readonly<Record<string, string>>;
  tone?: (row: Row) => Tone | undefined;
  /** Drawn dimmed (a suppressed alert). */
  dim?: (row: Row) => boolean;
  /** Drawn bold (a connection an alert names). */
  bold?: (row: Row) => boolean;
  /** The `/` filter: does the row hold this lower-cased text? */
  matches: (row: Row, needle: string) => boolean;
}

const holds = (needle: string, ...texts: (string | number | undefined)[]): boolean =>
  texts.some((text) => text !== undefined && String(text).toLowerCase().includes(needle));

const processLabel = (process: { name: string; pid: number } | undefined): string => (process ? `${process.name} (${process.pid})` : '?');

export const ALERT_TABLE: PanelTable<Alert> = {
  columns: [
    { key: 'seen', title: 'Seen', width: 8 },
    { key: 'severity', title: 'Severity', width: 8 },
    { key: 'technique', title: 'ATT&CK', width: 9 },
    { key: 'title', title: 'Title', width: 'flex', min: 16 },
    { key: 'process', title: 'Process', width: 14 },
    { key: 'count', title: 'Count', width: 5, align: 'right' },
  ],
  cells: (alert) => ({
    seen: formatClock(alert.lastSeen),
    severity: alert.severity,
    technique: alert.techniqueId,
    title: alert.status === 'suppressed' ? `${alert.title} (suppressed)` : alert.title,
    process: processLabel(alert.process),
    count: formatCount(alert.count),
  }),
  tone: (alert) => alert.severity,
  dim: (alert) => alert.status === 'suppressed',
  matches: (alert, needle) =>
    holds(needle, alert.title, alert.techniqueId, alert.ruleId, alert.severity, alert.process?.name, alert.process?.pid, alert.destination?.address),
};

export const CONNECTION_TABLE: PanelTable<ConnectionRow> = {
  columns: [
    { key: 'flag', title: '', width: 1 },
    { key: 'process', title: 'Process', width: 15 },
    { key: 'pid', title: 'PID', width: 7, align: 'right' },
    { key: 'protocol', title: 'Proto', width: 5, hideBelow: 100 },
    { key: 'local', title: 'Local', width: 22, hideBelow: 100 },
    { key: 'remote', title: 'Remote', width: 'flex', min: 16 },
    { key: 'service', title: 'Service', width: 12 },
    { key: 'state', title: 'State', width: 11 },
  ],
  cells: ({ connection: c, knownBad, external }) => ({
    flag: knownBad ? '!' : external ? '*' : '',
    process: c.process?.name ?? '?',
    pid: c.process ? String(c.process.pid) : '',
    protocol: `${c.protocol}${c.family === 6 ? '6' : ''}`,
    local: formatEndpoint(c.localAddress, c.localPort),
    remote: formatEndpoint(c.remoteAddress, c.remotePort),
    service: knownBad ? 'KNOWN BAD' : serviceColumnText(c.remotePort, c.protocol),
    state: c.state,
  }),
  tone: (row) => (row.knownBad ? 'risky' : row.external ? 'external' : undefined),
  bold: (row) => row.alerted,
  matches: (row, needle) => matchesText(row.connection, needle) || holds(needle, serviceColumnText(row.connection.remotePort, row.connection.protocol)),
};

export const LISTENING_TABLE: PanelTable<ListeningRow> = {
  columns: [
    { key: 'flag', title: '', width: 1 },
    { key: 'protocol', title: 'Proto', width: 5, hideBelow: 70 },
    { key: 'endpoint', title: 'Address', width: 22 },
    { key: 'process', title: 'Process', width: 14, hideBelow: 50 },
    { key: 'reason', title: 'Why it matters', width: 'flex', min: 10 },
  ],
  cells: ({ port, risky, wildcard }) => ({
    flag: risky ? '!' : '',
    protocol: `${port.protocol}${port.family === 6 ? '6' : ''}`,
    endpoint: formatEndpoint(port.address, port.port),
    process: processLabel(port.process),
    reason: [risky, wildcard ? 'all interfaces' : undefined].filter(Boolean).join('; '),
  }),
  tone: (row) => (row.risky ? 'risky' : undefined),
  matches: ({ port, risky }, needle) => holds(needle, formatEndpoint(port.address, port.port), port.process?.name, port.process?.pid, risky),
};

export const ARP_TABLE: PanelTable<ArpEntry> = {
  columns: [
    { key: 'ip', title: 'IP', width: 16 },
    { key: 'mac', title: 'MAC', width: 17 },
    { key: 'iface', title: 'Iface', width: 8 },
    { key: 'state', title: 'State', width: 10 },
    { key: 'vendor', title: 'Vendor', width: 'flex', min: 8 },
  ],
  cells: (entry) => ({
    ip: entry.ip,
    mac: entry.mac,
    iface: entry.iface,
    state: entry.state,
    vendor: entry.localMac ? 'locally administered MAC' : (entry.vendor ?? ''),
  }),
  matches: (entry, needle) => holds(needle, entry.ip, entry.mac, entry.iface, entry.state, entry.vendor),
};

export const COVERAGE_TABLE: PanelTable<CoverageLine> = {
  columns: [
    { key: 'source', title: 'Source', width: 12 },
    { key: 'text', title: 'What is not seen, and what to do', width: 'flex', min: 10 },
  ],
  cells: (line) => ({ source: line.source, text: line.text }),
  matches: (line, needle) => holds(needle, line.source, line.text),
};

/** The rows holding `filter` (case-insensitive); the same list when the filter is empty. */
export function filterRows<Row>(rows: readonly Row[], table: PanelTable<Row>, filter: string): readonly Row[];
export function filterRows<Row>(rows: RowList<Row>, table: PanelTable<Row>, filter: string): RowList<Row>;
export function filterRows<Row>(rows: RowList<Row>, table: PanelTable<Row>, filter: string): RowList<Row> {
  const needle = filter.trim().toLowerCase();
  return needle ? rows.filter((row) => table.matches(row, needle)) : rows;
}
