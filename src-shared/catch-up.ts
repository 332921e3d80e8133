// A window that reloads or fell behind catches up with getState. At 50,000 sockets the whole state is
// ~12 MB, so it comes in pages within the batch budget: getState's answer is the first page (status,
// the latest batch's facts and counts, the first rows and alerts) and names the rest, which the window
// fetches one by one (getStatePage) and assembles before applying: it ends with every row and alert.
import type { SessionSnapshotState } from './api';
import type { Alert, SnapshotTables, TableName } from './model';
import { TABLE_NAMES } from './model';

/** The pages after the first, frozen when getState answered. */
export interface CatchUpMore {
  /** Names this catch-up; a page is asked for by it and its index (1 … pages). */
  id: string;
  pages: number;
}

/** Rows and alerts of one page after the first. */
export interface CatchUpPage {
  index: number;
  rows: { [K in TableName]: SnapshotTables[K][number][] };
  alerts: Alert[];
}

/** The whole state from the first page and the rest in order; undefined when a page is missing. */
export function assembleCatchUp(first: SessionSnapshotState, pages: readonly (CatchUpPage | undefined)[]): SessionSnapshotState | undefined {
  const { more, ...state } = first;
  if (!more) return state;
  if (pages.length !== more.pages || pages.some((page, i) => page?.index !== i + 1)) return undefined;
  const alerts = [...state.alerts];
  const rows = {} as { [K in TableName]: unknown[] };
  for (const name of TABLE_NAMES) rows[name] = [...(state.lastBatch?.tables[name].changed ?? [])];
  for (const page of pages as CatchUpPage[]) {
    alerts.push(...page.alerts);
    for (const name of TABLE_NAMES) for (const row of page.rows[name]) rows[name].push(row);
  }
  if (!state.lastBatch) return { ...state, alerts };
  const tables = { ...state.lastBatch.tables };
  for (const name of TABLE_NAMES) tables[name] = { ...tables[name], changed: rows[name] } as never;
  return { ...state, alerts, lastBatch: { ...state.lastBatch, tables } };
}

/** A request for page `index` of catch-up `id` (the renderer's arguments, checked in main). */
export function isCatchUpPageRequest(args: readonly unknown[]): args is [string, number] {
  const [id, index] = args;
  return args.length === 2 && typeof id === 'string' && id.length > 0 && id.length <= 64 && Number.isInteger(index) && (index as number) >= 1;
}
