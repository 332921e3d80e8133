import { describe, expect, it } from 'vitest';
import type { Connection } from './model';
import { NO_FILTER, filterChoices, filterConnections, nextSort, sortConnections } from './connections-view';

function connection(overrides: Partial<Connection>): Connection {
  return {
    protocol: 'tcp',
    family: 4,
    state: 'ESTABLISHED',
    localAddress: '127.0.0.1',
    localPort: 50000,
    remoteAddress: '127.0.0.1',
    remotePort: 80,
    inode: 1,
    direction: 'outbound',
    ...overrides,
  };
}

const rows: Connection[] = [
  connection({ remotePort: 443, remoteAddress: '8.8.8.8', process: { pid: 20, name: 'firefox' }, bytesSent: 500 }),
  connection({ remotePort: 4444, state: 'SYN_SENT', process: { pid: 7, name: 'nc' }, bytesSent: 10 }),
  connection({ remotePort: 22, remoteAddress: '10.0.0.5', state: 'TIME_WAIT' }),
  connection({ remotePort: 80, remoteAddress: '::1', family: 6, process: { pid: 20, name: 'firefox' } }),
];

describe('sortConnections', () => {
  it('keeps the original order without a sort column', () => {
    expect(sortConnections(rows, undefined)).toBe(rows);
  });

  it('sorts by process name with unknown owners last, stable among equals', () => {
    const sorted = sortConnections(rows, { column: 'process', descending: false });
    expect(sorted.map((c) => c.process?.name ?? '?')).toEqual(['firefox', 'firefox', 'nc', '?']);
    expect(sorted[0]).toBe(rows[0]);
    expect(sorted[1]).toBe(rows[3]);
  });

  it('sorts by remote endpoint descending', () => {
    const sorted = sortConnections(rows, { column: 'remote', descending: true });
    expect(sorted.map((c) => c.remotePort)).toEqual([80, 443, 4444, 22]);
  });

  it('sorts numbers numerically, unknown bytes last ascending', () => {
    const sorted = sortConnections(rows, { column: 'bytesSent', descending: false });
    expect(sorted.map((c) => c.bytesSent)).toEqual([10, 500, undefined, undefined]);
  });

  it('sorts 10,000 rows without losing any', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => connection({ localPort: 60000 - i, inode: i }));
    const sorted = sortConnections(many, { column: 'local', descending: false });
    expect(sorted).toHaveLength(10_000);
    expect(sorted[0]?.localPort).toBe(50001);
    expect(sorted.at(-1)?.localPort).toBe(60000);
  });
});

describe('filterConnections', () => {
  it('returns the same array when nothing filters', () => {
    expect(filterConnections(rows, NO_FILTER)).toBe(rows);
  });

  it('matches text in process names, pids, endpoints and states, case-insensitively', () => {
    expect(filterConnections(rows, { ...NO_FILTER, text: 'FIRE' })).toHaveLength(2);
    expect(filterConnections(rows, { ...NO_FILTER, text: '20' }).map((c) => c.remotePort)).toEqual([443, 80]);
    expect(filterConnections(rows, { ...NO_FILTER, text: '8.8.8.8:443' })).toHaveLength(1);
    expect(filterConnections(rows, { ...NO_FILTER, text: 'time_wait' })).toHaveLength(1);
  });

  it('filters by state and by process, including unknown owners', () => {
    expect(filterConnections(rows, { ...NO_FILTER, state: 'SYN_SENT' })).toEqual([rows[1]]);
    expect(filterConnections(rows, { ...NO_FILTER, process: '?' })).toEqual([rows[2]]);
    expect(filterConnections(rows, { text: '443', state: 'ESTABLISHED', process: 'firefox' })).toEqual([rows[0]]);
  });
});

describe('nextSort', () => {
  it('toggles direction on the same column and resets on a new one', () => {
    const first = nextSort(undefined, 'pid');
    expect(first).toEqual({ column: 'pid', descending: false });
    expect(nextSort(first, 'pid')).toEqual({ column: 'pid', descending: true });
    expect(nextSort({ column: 'pid', descending: true }, 'state')).toEqual({ column: 'state', descending: false });
  });
});

describe('filterChoices', () => {
  it('lists distinct states and processes sorted', () => {
    expect(filterChoices(rows)).toEqual({ states: ['ESTABLISHED', 'SYN_SENT', 'TIME_WAIT'], processes: ['?', 'firefox', 'nc'] });
  });
});
