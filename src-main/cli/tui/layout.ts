// Where panels go for a terminal size, which columns fit, and which rows are in view: pure.

export interface Size {
  columns: number;
  rows: number;
}

/** Lines a bordered panel spends besides its rows: two borders, its title and its column header. */
export const PANEL_CHROME = 4;
const HEADER_LINES = 2;
const FOOTER_LINES = 1;
const TAB_BAR_LINES = 1;
export const SIDE_WIDTH = 46;

export type Layout =
  | {
      mode: 'grid';
      columns: number;
      leftWidth: number;
      sideWidth: number;
      /** Alerts take the full width on top; connections sit beside listening over coverage; ARP beside system at the bottom. */
      alerts: number;
      middle: number;
      listening: number;
      coverage: number;
      bottom: number;
    }
  | { mode: 'single'; width: number; height: number };

/** Lines of the system panel: its chrome and six metrics. */
const SYSTEM_LINES = 9;

/** Every panel at once on a large terminal (at least 110x34); otherwise the focused panel under a tab bar. */
export function layoutFor(size: Size): Layout {
  const columns = Math.max(20, size.columns);
  const rows = Math.max(8, size.rows);
  if (columns >= 110 && rows >= 34) {
    const body = rows - HEADER_LINES - FOOTER_LINES;
    const alerts = Math.max(8, Math.round(body * 0.3));
    const bottom = SYSTEM_LINES;
    const middle = body - alerts - bottom;
    const listening = Math.ceil(middle / 2);
    return { mode: 'grid', columns, leftWidth: columns - SIDE_WIDTH, sideWidth: SIDE_WIDTH, alerts, middle, listening, coverage: middle - listening, bottom };
  }
  return { mode: 'single', width: columns, height: rows - HEADER_LINES - TAB_BAR_LINES - FOOTER_LINES };
}

export interface ColumnSpec<K extends string = string> {
  key: K;
  title: string;
  /** Columns wide; 'flex' takes what the others leave (at least `min`). */
  width: number | 'flex';
  min?: number;
  align?: 'left' | 'right';
  /** Hidden when the panel's inner width is below this. */
  hideBelow?: number;
}

export interface Column<K extends string = string> {
  key: K;
  title: string;
  width: number;
  align: 'left' | 'right';
}

/** The columns that fit `innerWidth` (one space between columns), the flex one taking the rest. */
export function layoutColumns<K extends string>(specs: readonly ColumnSpec<K>[], innerWidth: number): Column<K>[] {
  const shown = specs.filter((spec) => spec.hideBelow === undefined || innerWidth >= spec.hideBelow);
  const fixed = shown.reduce((sum, spec) => sum + (spec.width === 'flex' ? 0 : spec.width), 0);
  const gaps = Math.max(0, shown.length - 1);
  return shown.map((spec) => ({
    key: spec.key,
    title: spec.title,
    align: spec.align ?? 'left',
    width: spec.width === 'flex' ? Math.max(spec.min ?? 4, innerWidth - fixed - gaps) : spec.width,
  }));
}

/** The rows in view: whole pages of `height` rows, the page holding the selection. */
export function visibleRange(count: number, selected: number, height: number): { start: number; end: number } {
  if (height <= 0 || count <= 0) return { start: 0, end: 0 };
  const index = Math.max(0, Math.min(count - 1, selected));
  const start = Math.floor(index / height) * height;
  return { start, end: Math.min(count, start + height) };
}

/** Keeps a selection inside a list that may have shrunk since the key was pressed. */
export function clampIndex(index: number, count: number): number {
  return Math.max(0, Math.min(count - 1, index));
}
