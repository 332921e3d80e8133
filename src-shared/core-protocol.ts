// The contract between Electron main and the core process (collectors, engine, session) that runs in a
// utilityProcess: requests main may make, events the core sends, and the messages that carry them.
// Every method and event is mapped to its payload type, so a misspelt name fails to compile.
import type { ExportKind, SessionSnapshotState, SessionStatus, ThreatListStatus } from './api';
import type { CatchUpPage } from './catch-up';
import type { Alert, TickBatch } from './model';
import type { MonitorSettings, ThreatListRef } from './settings';
import type { SerializedReport } from './report-budget';

/** What a restarted core needs to continue a session without losing its alerts. */
export interface SessionSeed {
  startedAt: number;
  /** Set when the session had stopped: the core comes back stopped, with its alerts for the report. */
  endedAt?: number;
  /** Ticks so far; the next batch continues from here. */
  seq: number;
  alerts: Alert[];
  /** Alerts the session had dropped (evicted or folded into a flood summary): the count goes on from there. */
  alertsDropped?: number;
}

/** What a restarted core continued with: its status and the alerts it holds, counted by where they came from. */
export interface RestoreOutcome {
  status: SessionStatus;
  /** Alerts the restored session holds now. */
  alerts: number;
  /** Of those, alerts only the session journal had (main's copy had not received them). */
  fromJournalOnly: number;
  /** Whether a journal was read (it also holds alerts main never received). */
  journalRead: boolean;
}

/** Where the core journals a session (src-main/journal): a new file in `dir`; after a crash, the file in `path` continued. */
export interface CoreJournalTarget {
  dir?: string;
  path?: string;
}

export interface CoreRequests {
  start: { params: { settings: MonitorSettings; journal?: CoreJournalTarget }; result: SessionStatus };
  stop: { params: Record<string, never>; result: SessionStatus };
  /** The state for a window catching up, its first page within the batch budget (see src-shared/catch-up.ts). */
  getState: { params: Record<string, never>; result: SessionSnapshotState };
  /** A later page of a catch-up getState began. */
  getStatePage: { params: { id: string; index: number }; result: CatchUpPage | undefined };
  /** The report serialised within its size budget in the core; main only writes the text. */
  buildReport: { params: Record<string, never>; result: SerializedReport | undefined };
  /** After a crash: a session rebuilt from what main kept, running again unless the seed says it had stopped. */
  restore: { params: { settings: MonitorSettings; seed: SessionSeed; journal?: CoreJournalTarget }; result: RestoreOutcome };
  /** Settings saved during a session: rules and HOME_NET from its next tick, suppressions at once. True when a running session took them. */
  applySettings: { params: { settings: MonitorSettings }; result: boolean };
  /** The threat lists of these settings as the core loads them (size, file date, or the problem). */
  describeLists: { params: { lists: ThreatListRef[] }; result: ThreatListStatus[] };
  /** The session as one export format, built in the core; undefined before the first start. */
  exportData: { params: { kind: ExportKind }; result: ExportedText | undefined };
  /** The offline enrichment data sets: their dates (for the About box), sizes or problems. */
  enrichmentStatus: { params: Record<string, never>; result: EnrichmentSummary };
}

export interface ExportedText {
  text: string;
  /** Documents, rows or techniques written. */
  items: number;
}

export interface EnrichmentSummary {
  ready: boolean;
  sources: { name: string; date?: string; entries?: number; problem?: string }[];
}

export interface CoreEvents {
  batch: TickBatch;
  status: SessionStatus;
  /** A session's journal was opened (its path), or could not be written (error). */
  journal: { path: string; error?: string };
}

export type CoreMethod = keyof CoreRequests;
export type CoreEvent = keyof CoreEvents;

export type CoreRequestMessage = {
  [M in CoreMethod]: { kind: 'request'; id: number; method: M; params: CoreRequests[M]['params'] };
}[CoreMethod];

export type CoreResponseMessage = { kind: 'response'; id: number; ok: true; value: unknown } | { kind: 'response'; id: number; ok: false; error: string };

export type CoreEventMessage = {
  [E in CoreEvent]: { kind: 'event'; event: E; payload: CoreEvents[E] };
}[CoreEvent];

/** Sent once the core listens, so main knows requests will be answered. */
export interface CoreReadyMessage {
  kind: 'ready';
  pid: number;
}

export type MainToCore = CoreRequestMessage;
export type CoreToMain = CoreResponseMessage | CoreEventMessage | CoreReadyMessage;

export const CORE_METHODS = [
  'start',
  'stop',
  'getState',
  'getStatePage',
  'buildReport',
  'restore',
  'applySettings',
  'describeLists',
  'exportData',
  'enrichmentStatus',
] as const satisfies readonly CoreMethod[];
const CORE_EVENTS = ['batch', 'status', 'journal'] as const satisfies readonly CoreEvent[];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Shape check for what arrives from the core: the kind, ids and names, not the payloads (the core is ours). */
export function isCoreToMain(value: unknown): value is CoreToMain {
  if (!isRecord(value)) return false;
  switch (value['kind']) {
    case 'response':
      return typeof value['id'] === 'number' && typeof value['ok'] === 'boolean';
    case 'event':
      return (CORE_EVENTS as readonly unknown[]).includes(value['event']);
    case 'ready':
      return typeof value['pid'] === 'number';
    default:
      return false;
  }
}

/** Shape check for what arrives from main. */
export function isMainToCore(value: unknown): value is MainToCore {
  return (
    isRecord(value) &&
    value['kind'] === 'request' &&
    typeof value['id'] === 'number' &&
    (CORE_METHODS as readonly unknown[]).includes(value['method']) &&
    isRecord(value['params'])
  );
}
