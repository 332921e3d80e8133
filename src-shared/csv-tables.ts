// The columns of the connections table and the alert list, as CSV: the same columns the views show.
import type { CsvColumn } from './csv';
import { formatEndpoint } from './endpoint';
import type { Alert, Connection } from './model';

const iso = (ms: number): string => new Date(ms).toISOString();

export const CONNECTION_CSV_COLUMNS: readonly CsvColumn<Connection>[] = [
  { header: 'Process', value: (c) => c.process?.name },
  { header: 'PID', value: (c) => c.process?.pid },
  { header: 'Proto', value: (c) => `${c.protocol}${c.family === 6 ? '6' : ''}` },
  { header: 'Local', value: (c) => formatEndpoint(c.localAddress, c.localPort) },
  { header: 'Remote', value: (c) => formatEndpoint(c.remoteAddress, c.remotePort) },
  { header: 'State', value: (c) => c.state },
  { header: 'Direction', value: (c) => c.direction },
  { header: 'Sent (bytes)', value: (c) => c.bytesSent },
  { header: 'Received (bytes)', value: (c) => c.bytesReceived },
];

export const ALERT_CSV_COLUMNS: readonly CsvColumn<Alert & { status?: string }>[] = [
  { header: 'Severity', value: (a) => a.severity },
  { header: 'ATT&CK', value: (a) => a.techniqueId },
  { header: 'Title', value: (a) => a.title },
  { header: 'Process', value: (a) => a.process?.name },
  { header: 'PID', value: (a) => a.process?.pid },
  { header: 'Source', value: (a) => (a.source ? formatEndpoint(a.source.address, a.source.port) : undefined) },
  { header: 'Destination', value: (a) => (a.destination ? formatEndpoint(a.destination.address, a.destination.port) : undefined) },
  { header: 'Count', value: (a) => a.count },
  { header: 'First seen', value: (a) => iso(a.firstSeen) },
  { header: 'Last seen', value: (a) => iso(a.lastSeen) },
  { header: 'Status', value: (a) => a.status ?? 'active' },
  { header: 'Rule', value: (a) => a.ruleId },
];
