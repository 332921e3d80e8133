// Each list panel's rows after its `/` filter, and how many there are (for keys and titles).
import type { Alert, ArpEntry } from '../../../src-shared/model';
import type { ConnectionRow } from './connection-rows';
import type { ListeningRow } from './listening-rows';
import type { RowList } from './ranked-rows';
import { ALERT_TABLE, ARP_TABLE, CONNECTION_TABLE, COVERAGE_TABLE, LISTENING_TABLE, filterRows } from './panel-tables';
import type { CoverageLine, DashboardModel, PanelId } from './view-model';

export interface FilteredRows {
  alerts: readonly Alert[];
  connections: RowList<ConnectionRow>;
  listening: RowList<ListeningRow>;
  network: readonly ArpEntry[];
  coverage: readonly CoverageLine[];
}

export function filteredRows(model: DashboardModel, filters: Readonly<Record<PanelId, string>>): FilteredRows {
  return {
    alerts: filterRows(model.alerts, ALERT_TABLE, filters.alerts),
    connections: filterRows(model.connections, CONNECTION_TABLE, filters.connections),
    listening: filterRows(model.listening, LISTENING_TABLE, filters.listening),
    network: filterRows(model.arp, ARP_TABLE, filters.network),
    coverage: filterRows(model.coverage, COVERAGE_TABLE, filters.coverage),
  };
}

export function rowCounts(rows: FilteredRows): Record<PanelId, number> {
  return {
    alerts: rows.alerts.length,
    connections: rows.connections.length,
    listening: rows.listening.length,
    network: rows.network.length,
    system: 0,
    coverage: rows.coverage.length,
  };
}
