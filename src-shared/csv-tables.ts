// The columns of the connections table and the alert list, as CSV: the same columns the views show.
import type { CsvColumn } from './csv';
import { asLabel, connectionService, endpointLabel, formatEndpoint, serviceName } from './endpoint';
import type { Alert, Connection } from './model';

const iso = (ms: number): string => new Date(ms).toISOString();

export const CONNECTION_CSV_COLUMNS: readonly CsvColumn<Connection>[] = [
  { header: 'Process', value: (c) => c.process?.name },
  { header: 'PID', value: (c) => c.process?.pid },
  { header: 'Proto', value: (c) => `${c.protocol}${c.family === 6 ? '6' : ''}` },
  { header: 'Local', value: (c) => formatEndpoint(c.localAddress, c.localPort) },
  { header: 'Remote', value: (c) => formatEndpoint(c.remoteAddress, c.remotePort) },
  { header: 'Service', value: (c) => connectionService(c) },
  { header: 'Country', value: (c) => c.remoteGeo?.country },
  { header: 'AS', value: (c) => asLabel(c.remoteGeo) },
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
  { header: 'Source', value: (a) => endpointLabel(a.source) },
  { header: 'Destination', value: (a) => endpointLabel(a.destination) },
  { header: 'Service', value: (a) => serviceName(a.destination?.port) },
  { header: 'Country', value: (a) => a.destination?.geo?.country ?? a.source?.geo?.country },
  { header: 'AS', value: (a) => asLabel(a.destination?.geo ?? a.source?.geo) },
  { header: 'Count', value: (a) => a.count },
  { header: 'First seen', value: (a) => iso(a.firstSeen) },
  { header: 'Last seen', value: (a) => iso(a.lastSeen) },
  { header: 'Status', value: (a) => a.status ?? 'active' },
  { header: 'Rule', value: (a) => a.ruleId },
];
