// One panel by id, sized by the layout: the dashboard places these in a grid or one at a time.
import { Text } from 'ink';
import type { FilteredRows } from '../filtered';
import { show, truncate } from '../glyphs';
import type { UiState } from '../keys';
import { ALERT_TABLE, ARP_TABLE, CONNECTION_TABLE, COVERAGE_TABLE, LISTENING_TABLE } from '../panel-tables';
import type { Theme } from '../theme';
import { PANEL_TITLES, type DashboardModel, type PanelId } from '../view-model';
import { ListPanel } from './ListPanel';
import { SystemPanel } from './SystemPanel';

export interface PanelProps {
  id: PanelId;
  model: DashboardModel;
  rows: FilteredRows;
  ui: UiState;
  width: number;
  height: number;
  theme: Theme;
}

function gatewayText(model: DashboardModel): string {
  const g = model.gateway;
  return g ? `Gateway ${g.ip} on ${g.iface}${g.mac ? ` at ${g.mac}` : ''}` : 'Gateway: none found';
}

export function Panel({ id, model, rows, ui, width, height, theme }: PanelProps) {
  const common = { title: PANEL_TITLES[id], filter: ui.filters[id], selected: ui.selected[id], focused: ui.focus === id, width, height, theme };
  switch (id) {
    case 'alerts':
      return (
        <ListPanel {...common} table={ALERT_TABLE} rows={rows.alerts} total={model.alerts.length} hint="newest first, Enter: evidence" empty="No alerts yet." />
      );
    case 'connections':
      return (
        <ListPanel
          {...common}
          table={CONNECTION_TABLE}
          rows={rows.connections}
          total={model.connections.length}
          hint="! known-bad port  * external"
          empty="No connections."
        />
      );
    case 'listening':
      return <ListPanel {...common} table={LISTENING_TABLE} rows={rows.listening} total={model.listening.length} hint="! risky" empty="No listening ports." />;
    case 'network': {
      const gateway = <Text wrap="truncate-end">{truncate(show(gatewayText(model), theme.glyphs), width - 2, theme.glyphs)}</Text>;
      return <ListPanel {...common} table={ARP_TABLE} rows={rows.network} total={model.arp.length} before={gateway} beforeLines={1} empty="No neighbours." />;
    }
    case 'system':
      return <SystemPanel series={model.system} focused={common.focused} width={width} height={height} theme={theme} />;
    case 'coverage':
      return (
        <ListPanel
          {...common}
          table={COVERAGE_TABLE}
          rows={rows.coverage}
          total={model.coverage.length}
          empty="Full coverage: nothing is hidden from this user."
        />
      );
  }
}
