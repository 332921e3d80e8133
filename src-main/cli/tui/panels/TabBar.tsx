import { Text } from 'ink';
import { formatCount } from '../../../../src-shared/format';
import type { FilteredRows } from '../filtered';
import { fitSegments } from '../glyphs';
import type { Theme } from '../theme';
import { PANELS, PANEL_TABS, type PanelId } from '../view-model';

/** "1 Alerts 3  2 Connections 1,204 …" with the focused panel inverse (narrow terminals). */
export function TabBar({ focus, rows, width, theme }: { focus: PanelId; rows: FilteredRows; width: number; theme: Theme }) {
  const counts: Record<PanelId, string> = {
    alerts: formatCount(rows.alerts.length),
    connections: formatCount(rows.connections.length),
    listening: formatCount(rows.listening.length),
    network: formatCount(rows.network.length),
    system: '',
    coverage: formatCount(rows.coverage.length),
  };
  const segments = PANELS.flatMap((panel, index) => [
    { text: `${index + 1} ${PANEL_TABS[panel]}${counts[panel] ? ` ${counts[panel]}` : ''}`, style: panel === focus },
    { text: '  ', style: false },
  ]);
  return (
    <Text>
      {fitSegments(segments, width, theme.glyphs).map((segment, index) => (
        <Text key={index} inverse={segment.style === true} bold={segment.style === true}>
          {segment.text}
        </Text>
      ))}
    </Text>
  );
}
