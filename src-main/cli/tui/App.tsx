// The live dashboard: the latest model from the session, the keys, the terminal's size.
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { Text, useInput, useStdout } from 'ink';
import { filteredRows, rowCounts } from './filtered';
import { show } from './glyphs';
import { initialUiState, reduceKey, type UiState } from './keys';
import { clampIndex, layoutFor, PANEL_CHROME, type Size } from './layout';
import { Dashboard } from './panels/Dashboard';
import type { Theme } from './theme';
import type { DashboardModel } from './view-model';

export interface ModelFeed {
  current(): DashboardModel | undefined;
  subscribe(listener: () => void): () => void;
}

interface AppProps {
  feed: ModelFeed;
  theme: Theme;
  version: string;
  onQuit: () => void;
}

function useTerminalSize(): Size {
  const { stdout } = useStdout();
  const read = (): Size => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = (): void => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

function pageSize(size: Size): number {
  const layout = layoutFor(size);
  return Math.max(1, (layout.mode === 'single' ? layout.height : layout.middle) - PANEL_CHROME);
}

export function App({ feed, theme, version, onQuit }: AppProps) {
  const model = useSyncExternalStore(feed.subscribe, feed.current);
  const size = useTerminalSize();
  const [ui, setUi] = useState<UiState>(initialUiState);
  const rows = useMemo(() => (model ? filteredRows(model, ui.filters) : undefined), [model, ui.filters]);
  const counts = rows ? rowCounts(rows) : undefined;

  useInput((input, key) => {
    setUi((state) =>
      reduceKey(
        state,
        { ...key, input },
        {
          rows: counts ?? { alerts: 0, connections: 0, listening: 0, network: 0, system: 0, coverage: 0 },
          alertIdAt: (index) => rows?.alerts[index]?.id,
          pageSize: pageSize(size),
        },
      ),
    );
  });
  useEffect(() => {
    if (ui.quit) onQuit();
  }, [ui.quit, onQuit]);

  if (!model || !rows || !counts) return <Text>{show('NetSentinel: taking the first snapshot… (q quits)', theme.glyphs)}</Text>;
  const shown: UiState = {
    ...ui,
    selected: Object.fromEntries(
      Object.entries(ui.selected).map(([panel, index]) => [panel, clampIndex(index, counts[panel as keyof typeof counts])]),
    ) as UiState['selected'],
  };
  return <Dashboard model={model} rows={rows} ui={shown} size={size} theme={theme} version={version} />;
}
