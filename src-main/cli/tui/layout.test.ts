import { describe, expect, it } from 'vitest';
import { PANEL_CHROME, SIDE_WIDTH, clampIndex, layoutColumns, layoutFor, visibleRange } from './layout';

describe('layoutFor', () => {
  it('shows every panel on 120x40, using every line', () => {
    const layout = layoutFor({ columns: 120, rows: 40 });
    expect(layout.mode).toBe('grid');
    if (layout.mode !== 'grid') return;
    expect(layout.leftWidth + layout.sideWidth).toBe(120);
    expect(layout.alerts + layout.middle + layout.bottom).toBe(40 - 3);
    expect(layout.listening + layout.coverage).toBe(layout.middle);
    expect(layout.middle - PANEL_CHROME).toBeGreaterThanOrEqual(12);
    expect(layout.alerts - PANEL_CHROME).toBeGreaterThanOrEqual(6);
  });

  it('shows one panel under a tab bar on 80x24 and on wide but short terminals', () => {
    expect(layoutFor({ columns: 200, rows: 30 }).mode).toBe('single');
    expect(layoutFor({ columns: 80, rows: 24 })).toEqual({ mode: 'single', width: 80, height: 20 });
  });
});

describe('layoutColumns', () => {
  const specs = [
    { key: 'a', title: 'A', width: 5 },
    { key: 'b', title: 'B', width: 'flex' as const, min: 6 },
    { key: 'c', title: 'C', width: 10, hideBelow: 60, align: 'right' as const },
  ];

  it('gives the flex column what is left, one space between columns', () => {
    expect(layoutColumns(specs, 80).map((c) => c.width)).toEqual([5, 63, 10]);
  });

  it('hides optional columns on narrow panels and keeps the flex minimum', () => {
    expect(layoutColumns(specs, 40).map((c) => c.key)).toEqual(['a', 'b']);
    expect(layoutColumns(specs, 8).map((c) => c.width)).toEqual([5, 6]);
  });
});

describe('visibleRange and clampIndex', () => {
  it('shows the page holding the selection', () => {
    expect(visibleRange(100, 0, 10)).toEqual({ start: 0, end: 10 });
    expect(visibleRange(100, 25, 10)).toEqual({ start: 20, end: 30 });
    expect(visibleRange(23, 22, 10)).toEqual({ start: 20, end: 23 });
    expect(visibleRange(5, 99, 10)).toEqual({ start: 0, end: 5 });
    expect(visibleRange(0, 0, 10)).toEqual({ start: 0, end: 0 });
  });

  it('keeps a selection inside a shrunk list', () => {
    expect(clampIndex(7, 3)).toBe(2);
    expect(clampIndex(0, 0)).toBe(0);
    expect(SIDE_WIDTH).toBeLessThan(80);
  });
});
