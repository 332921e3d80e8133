import { Box, Text } from 'ink';
import { cell, truncate } from '../glyphs';
import { layoutColumns, visibleRange, type Column } from '../layout';
import type { PanelTable } from '../panel-tables';
import type { RowList } from '../ranked-rows';
import type { Theme } from '../theme';

export interface TableProps<Row> {
  table: PanelTable<Row>;
  rows: RowList<Row>;
  selected: number;
  /** Whether the selection is drawn (the focused panel). */
  focused: boolean;
  /** Inner width and the number of row lines available. */
  width: number;
  height: number;
  theme: Theme;
  empty: string;
}

/** One row's text, cut to the panel so Ink never has to (its cut mark is not ASCII). */
function line(columns: readonly Column[], texts: Readonly<Record<string, string>>, width: number, theme: Theme): string {
  const text = columns.map((column) => cell(texts[column.key] ?? '', column.width, theme.glyphs, column.align)).join(' ');
  return truncate(text, width, theme.glyphs);
}

/** A column header and the page of rows holding the selection; only those rows are formatted. */
export function Table<Row>({ table, rows, selected, focused, width, height, theme, empty }: TableProps<Row>) {
  const columns = layoutColumns(table.columns, width);
  const headers = Object.fromEntries(columns.map((column) => [column.key, column.title]));
  const { start, end } = visibleRange(rows.length, selected, height);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {line(columns, headers, width, theme)}
      </Text>
      {rows.length === 0 ? <Text dimColor>{cell(empty, width, theme.glyphs)}</Text> : null}
      {rows.slice(start, end).map((row, offset) => {
        const color = theme.color(table.tone?.(row));
        return (
          <Text
            key={start + offset}
            wrap="truncate-end"
            inverse={focused && start + offset === selected}
            dimColor={table.dim?.(row) ?? false}
            bold={table.bold?.(row) ?? false}
            {...(color ? { color } : {})}
          >
            {line(columns, table.cells(row), width, theme)}
          </Text>
        );
      })}
    </Box>
  );
}
