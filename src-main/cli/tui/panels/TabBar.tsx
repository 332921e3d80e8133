import { Text } from 'ink';
import { formatCount } from '../../../../src-shared/format';
import type { FilteredRows } from '../filtered';
import { show } from '../glyphs';
import type { Theme } from '../theme';
import { PANELS, PANEL_TITLES, type PanelId } from '../view-model';

/** "1 Alerts 3  2 Connections 1,204 …" with the focused panel inverse (narrow terminals). */
export function TabBar({ focus, rows, theme }: { focus: PanelId; rows: FilteredRows; theme: Theme }) {
  const counts: Record<PanelId, string> = {
    alerts: formatCount(rows.alerts.length), connections: formatCount(rows.connections.length), listening: formatCount(rows.listening.length),
    network: formatCount(rows.network.length), system: '', coverage: formatCount(rows.coverage.length),
  };
  return (
    <Text wrap="truncate-end">
      {PANELS.map((panel, index) => (
        <Text key={panel} inverse={panel === focus} bold={panel === focus}>
          {show(`${index + 1} ${PANEL_TITLES[panel]}${counts[panel] ? ` ${counts[panel]}` : ''}`, theme.glyphs)}
          <Text inverse={false}> </Text>
        </Text>
      ))}
    </Text>
  );
}
