// The whole screen for one model, UI state and size: pure rendering (the live app and the bench use it).
import { Box } from 'ink';
import type { Alert } from '../../../../src-shared/model';
import type { FilteredRows } from '../filtered';
import type { UiState } from '../keys';
import { layoutFor, type Size } from '../layout';
import type { Theme } from '../theme';
import type { DashboardModel } from '../view-model';
import { AlertDetail } from './AlertDetail';
import { Footer } from './Footer';
import { Header } from './Header';
import { Panel } from './Panel';
import { TabBar } from './TabBar';

export interface DashboardProps {
  model: DashboardModel;
  rows: FilteredRows;
  ui: UiState;
  size: Size;
  theme: Theme;
  version: string;
}

function Body({ model, rows, ui, size, theme, detail }: DashboardProps & { detail: Alert | undefined }) {
  const layout = layoutFor(size);
  const common = { model, rows, ui, theme };
  if (layout.mode === 'single') {
    return (
      <>
        <TabBar focus={ui.focus} rows={rows} width={layout.width} theme={theme} />
        {detail ? (
          <AlertDetail alert={detail} width={layout.width} height={layout.height} theme={theme} />
        ) : (
          <Panel {...common} id={ui.focus} width={layout.width} height={layout.height} />
        )}
      </>
    );
  }
  const { columns, leftWidth, sideWidth, alerts, middle, listening, coverage, bottom } = layout;
  if (detail) return <AlertDetail alert={detail} width={columns} height={alerts + middle + bottom} theme={theme} />;
  return (
    <>
      <Panel {...common} id="alerts" width={columns} height={alerts} />
      <Box>
        <Panel {...common} id="connections" width={leftWidth} height={middle} />
        <Box flexDirection="column">
          <Panel {...common} id="listening" width={sideWidth} height={listening} />
          <Panel {...common} id="coverage" width={sideWidth} height={coverage} />
        </Box>
      </Box>
      <Box>
        <Panel {...common} id="network" width={leftWidth} height={bottom} />
        <Panel {...common} id="system" width={sideWidth} height={bottom} />
      </Box>
    </>
  );
}

export function Dashboard(props: DashboardProps) {
  const { model, ui, size, theme, version } = props;
  const detail = ui.detail === undefined ? undefined : model.alerts.find((alert) => alert.id === ui.detail);
  return (
    <Box flexDirection="column" width={size.columns}>
      <Header header={model.header} version={version} width={size.columns} theme={theme} />
      <Body {...props} detail={detail} />
      <Footer focus={ui.focus} filter={ui.filters[ui.focus]} editing={ui.editing} detail={detail !== undefined} width={size.columns} theme={theme} />
    </Box>
  );
}
