import { describe, expect, it } from 'vitest';
import { FILTER_MAX, initialUiState, reduceKey, type KeyContext, type KeyPress, type UiState } from './keys';

const ctx: KeyContext = {
  rows: { alerts: 3, connections: 50, listening: 2, network: 1, system: 0, coverage: 0 },
  alertIdAt: (index) => ['a', 'b', 'c'][index],
  pageSize: 10,
};

function press(state: UiState, ...keys: (string | Partial<KeyPress>)[]): UiState {
  return keys.reduce<UiState>((s, key) => reduceKey(s, typeof key === 'string' ? { input: key } : { input: '', ...key }, ctx), state);
}

describe('reduceKey', () => {
  it('moves with arrows and j/k, within the list', () => {
    const state = press(initialUiState(), 'j', { downArrow: true }, 'j', 'j');
    expect(state.selected.alerts).toBe(2);
    expect(press(state, 'k', { upArrow: true }, 'k', 'k').selected.alerts).toBe(0);
  });

  it('pages, jumps to the ends, and switches panels with Tab, Shift+Tab and digits', () => {
    const onConnections = press(initialUiState(), { tab: true });
    expect(onConnections.focus).toBe('connections');
    expect(press(onConnections, { pageDown: true }).selected.connections).toBe(10);
    expect(press(onConnections, 'G').selected.connections).toBe(49);
    expect(press(onConnections, 'G', 'g').selected.connections).toBe(0);
    expect(press(initialUiState(), { tab: true, shift: true }).focus).toBe('coverage');
    expect(press(initialUiState(), '3').focus).toBe('listening');
  });

  it('opens the selected alert with Enter and closes it with Esc', () => {
    const open = press(initialUiState(), 'j', { return: true });
    expect(open.detail).toBe('b');
    expect(press(open, 'j').detail).toBe('b'); // keys do not move the list under the detail
    expect(press(open, { escape: true }).detail).toBeUndefined();
    expect(press(initialUiState(), { tab: true }, { return: true }).detail).toBeUndefined();
  });

  it('types a filter after /, printable characters only, bounded, and resets the selection', () => {
    let state = press(initialUiState(), { tab: true }, 'j', 'j', '/');
    expect(state.editing).toBe(true);
    state = press(state, '4', '4', 'q', '\x07', '\u009b', { backspace: true }, '4');
    expect(state.filters.connections).toBe('444');
    expect(state.selected.connections).toBe(0);
    expect(state.quit).toBe(false); // q is text while typing
    state = press(state, { return: true });
    expect(state.editing).toBe(false);
    expect(state.filters.connections).toBe('444');
    expect(press(state, { escape: true }).filters.connections).toBe('');
    expect(press(initialUiState(), '/', 'x'.repeat(500)).filters.alerts).toHaveLength(FILTER_MAX);
  });

  it('takes text that arrived in one read key by key: /, the filter, Enter, then Enter on the row', () => {
    const state = press(initialUiState(), '/port 4444\r\r');
    expect(state.filters.alerts).toBe('port 4444');
    expect(state.editing).toBe(false);
    expect(state.detail).toBe('a');
    expect(press(initialUiState(), 'jjq').quit).toBe(true);
    expect(press(initialUiState(), '/ab\x1b[2J').filters.alerts).toBe(''); // an escape in a paste clears, never types
  });

  it('quits on q and on Ctrl+C, even from the detail or the filter', () => {
    expect(press(initialUiState(), 'q').quit).toBe(true);
    expect(press(initialUiState(), { return: true }, 'q').quit).toBe(true);
    expect(press(initialUiState(), '/', { input: 'c', ctrl: true }).quit).toBe(true);
  });
});
