// Keyboard handling as a pure reducer: (state, key) → state. The Ink app only forwards keys.
import { PANELS, type PanelId } from './view-model';

export interface UiState {
  focus: PanelId;
  selected: Readonly<Record<PanelId, number>>;
  filters: Readonly<Record<PanelId, string>>;
  /** Typing a filter after `/`. */
  editing: boolean;
  /** The alert whose evidence is open (Enter), by id so it survives re-sorting. */
  detail?: string;
  quit: boolean;
}

/** The subset of Ink's `Key` the dashboard reads, plus the typed text. */
export interface KeyPress {
  input: string;
  upArrow?: boolean;
  downArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  tab?: boolean;
  shift?: boolean;
  return?: boolean;
  escape?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
}

export interface KeyContext {
  /** Rows each panel shows after its filter. */
  rows: Readonly<Record<PanelId, number>>;
  /** Id of the alert at a row of the (filtered) alert list. */
  alertIdAt: (index: number) => string | undefined;
  /** Rows a page key moves. */
  pageSize: number;
}

/** Longest filter text kept: a filter is typed by a person, not pasted megabytes. */
export const FILTER_MAX = 64;

const perPanel = <T>(value: T): Record<PanelId, T> => Object.fromEntries(PANELS.map((panel) => [panel, value])) as Record<PanelId, T>;

export function initialUiState(): UiState {
  return { focus: 'alerts', selected: perPanel(0), filters: perPanel(''), editing: false, quit: false };
}

function moveSelection(state: UiState, delta: number, ctx: KeyContext): UiState {
  const count = ctx.rows[state.focus];
  const next = Math.max(0, Math.min(count - 1, state.selected[state.focus] + delta));
  return { ...state, selected: { ...state.selected, [state.focus]: Math.max(0, next) } };
}

function cycleFocus(state: UiState, step: number): UiState {
  const index = PANELS.indexOf(state.focus);
  return { ...state, focus: PANELS[(index + step + PANELS.length) % PANELS.length] as PanelId };
}

function editFilter(state: UiState, key: KeyPress): UiState {
  const current = state.filters[state.focus];
  const set = (text: string): UiState => ({
    ...state,
    filters: { ...state.filters, [state.focus]: text },
    selected: { ...state.selected, [state.focus]: 0 },
  });
  if (key.escape) return { ...set(''), editing: false };
  if (key.return || key.tab) return { ...state, editing: false };
  if (key.backspace || key.delete) return set(current.slice(0, -1));
  if (key.ctrl || key.upArrow || key.downArrow) return state;
  // Printable text only: a pasted escape sequence or control character never reaches the filter.
  const typed = key.input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  return typed ? set((current + typed).slice(0, FILTER_MAX)) : state;
}

function navigationKey(state: UiState, key: KeyPress, ctx: KeyContext): UiState {
  if (key.tab) return cycleFocus(state, key.shift ? -1 : 1);
  if (key.upArrow || key.input === 'k') return moveSelection(state, -1, ctx);
  if (key.downArrow || key.input === 'j') return moveSelection(state, 1, ctx);
  if (key.pageUp) return moveSelection(state, -ctx.pageSize, ctx);
  if (key.pageDown || key.input === ' ') return moveSelection(state, ctx.pageSize, ctx);
  if (key.home || key.input === 'g') return moveSelection(state, -Infinity, ctx);
  if (key.end || key.input === 'G') return moveSelection(state, Infinity, ctx);
  if (key.input === '/') return { ...state, editing: true };
  if (key.escape && state.filters[state.focus]) return { ...state, filters: { ...state.filters, [state.focus]: '' } };
  const digit = Number(key.input);
  if (Number.isInteger(digit) && digit >= 1 && digit <= PANELS.length) return { ...state, focus: PANELS[digit - 1] as PanelId };
  if (key.return && state.focus === 'alerts') {
    const id = ctx.alertIdAt(state.selected.alerts);
    return id === undefined ? state : { ...state, detail: id };
  }
  return state;
}

const CHARACTER_KEYS: Readonly<Record<string, Partial<KeyPress>>> = {
  '\r': { return: true },
  '\n': { return: true },
  '\t': { tab: true },
  '\x7f': { backspace: true },
  '\b': { backspace: true },
  '\x1b': { escape: true },
};

/** Plain text that arrived in one read ("/4444\r" typed fast, or pasted): one key press per character. */
function typedKeys(key: KeyPress): KeyPress[] | undefined {
  const special = key.upArrow || key.downArrow || key.pageUp || key.pageDown || key.home || key.end || key.ctrl || key.escape;
  if (special || [...key.input].length <= 1) return undefined;
  return [...key.input].map((char) => ({ input: char, ...CHARACTER_KEYS[char] }));
}

export function reduceKey(state: UiState, key: KeyPress, ctx: KeyContext): UiState {
  const keys = typedKeys(key);
  if (keys) return keys.reduce((next, one) => reduceOne(next, one, ctx), state);
  return reduceOne(state, key, ctx);
}

function reduceOne(state: UiState, key: KeyPress, ctx: KeyContext): UiState {
  if (key.ctrl && key.input === 'c') return { ...state, quit: true };
  if (state.editing) return editFilter(state, key);
  if (key.input === 'q') return { ...state, quit: true };
  if (state.detail !== undefined) {
    const { detail: _closed, ...rest } = state;
    return key.escape || key.return || key.backspace || key.delete || key.input === 'h' ? rest : state;
  }
  return navigationKey(state, key, ctx);
}
