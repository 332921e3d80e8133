// One frame of the dashboard as text, without a terminal: for tests and the bench.
import { renderToString } from 'ink';
import { filteredRows } from './filtered';
import { ASCII_GLYPHS, UNICODE_GLYPHS } from './glyphs';
import { initialUiState, type UiState } from './keys';
import type { Size } from './layout';
import { Dashboard } from './panels/Dashboard';
import type { TerminalCaps } from './terminal-caps';
import { createTheme } from './theme';
import type { DashboardModel } from './view-model';

export interface FrameOptions {
  size: Size;
  caps?: TerminalCaps;
  ui?: Partial<UiState>;
  version?: string;
}

export function renderDashboardText(model: DashboardModel, options: FrameOptions): string {
  const caps = options.caps ?? { color: false, unicode: true };
  const ui = { ...initialUiState(), ...options.ui };
  const theme = createTheme(caps, caps.unicode ? UNICODE_GLYPHS : ASCII_GLYPHS);
  return renderToString(
    <Dashboard model={model} rows={filteredRows(model, ui.filters)} ui={ui} size={options.size} theme={theme} version={options.version ?? '0.1.0'} />,
    { columns: options.size.columns },
  );
}
