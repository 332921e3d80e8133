import type { ReactNode } from 'react';
import { formatCount } from '../../../../src-shared/format';
import { PANEL_CHROME } from '../layout';
import { Frame } from './Frame';
import { Table, type TableProps } from './Table';

/** A table's props, where width and height are the whole panel's (border and title included). */
interface ListPanelProps<Row> extends TableProps<Row> {
  title: string;
  hint?: string;
  /** Rows before the filter. */
  total: number;
  filter: string;
  /** Lines above the table (the gateway). */
  before?: ReactNode;
  beforeLines?: number;
}

export function ListPanel<Row>(props: ListPanelProps<Row>) {
  const { title, hint, table, rows, total, filter, selected, focused, width, height, theme, empty, before, beforeLines = 0 } = props;
  const count = filter ? `${formatCount(rows.length)} of ${formatCount(total)} matching "${filter}"` : formatCount(total);
  return (
    <Frame title={title} note={hint ? `${count}  ${hint}` : count} focused={focused} width={width} height={height} theme={theme}>
      {before}
      <Table
        table={table}
        rows={rows}
        selected={selected}
        focused={focused}
        width={width - 2}
        height={Math.max(0, height - PANEL_CHROME - beforeLines)}
        theme={theme}
        empty={empty}
      />
    </Frame>
  );
}
