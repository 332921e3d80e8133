import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type ReactNode } from 'react';

export const ROW_HEIGHT = 28;

export interface VirtualRow {
  /** The row's role="cell" elements. */
  cells: ReactNode;
  className?: string;
  title?: string;
}

interface VirtualTableProps<T> {
  label: string;
  rows: readonly T[];
  /** One header cell per column, rendered inside role="columnheader" elements by the caller. */
  head: ReactNode;
  /** Builds one row; only rows in view are built. */
  renderRow: (row: T) => VirtualRow;
  /** Sets the grid columns of head and rows (e.g. 'conn-cols'). */
  columnsClass: string;
  testId?: string;
}

/** A grid table whose DOM holds only the rows in view, so tens of thousands of rows scroll like thirty. */
export function VirtualTable<T>({ label, rows, head, renderRow, columnsClass, testId }: VirtualTableProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  return (
    <div className="vt" role="table" aria-label={label} aria-rowcount={rows.length + 1}>
      <div className={`vt-row vt-head ${columnsClass}`} role="row">
        {head}
      </div>
      <div className="vt-scroll" ref={scroller} tabIndex={0} aria-label={`${label} rows`} data-testid={testId}>
        <div className="vt-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const source = rows[item.index];
            if (source === undefined) return null;
            const row = renderRow(source);
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                className={`vt-row ${columnsClass}${row.className ? ` ${row.className}` : ''}`}
                style={{ transform: `translateY(${item.start}px)` }}
                title={row.title}
              >
                {row.cells}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
