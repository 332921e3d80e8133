// The one interface the renderer sees, and the IPC channels behind it.
import type { CatchUpMore, CatchUpPage } from './catch-up';
import type { JournalSessionDetail, JournalSessionSummary } from './journal';
import type { Alert, SessionState, TickBatch } from './model';
import type { MonitorSettings, ThreatListKind } from './settings';

export interface SessionStatus {
  state: SessionState;
  startedAt?: number;
  endedAt?: number;
  hostname: string;
  /** Last error that stopped or hindered the session, if any. */
  error?: string;
}

/**
 * Everything a freshly loaded window needs to catch up, or its first page within the batch budget:
 * then `more` names the pages that follow (getStatePage) and `lastBatch` holds the first rows of each
 * table (its `count` is the whole table's). See src-shared/catch-up.ts.
 */
export interface SessionSnapshotState {
  status: SessionStatus;
  alerts: Alert[];
  lastBatch?: TickBatch;
  more?: CatchUpMore;
}

export type ExportResult =
  { ok: true; path: string; bytes: number } | { ok: false; canceled: true } | { ok: false; canceled?: false; error: string; fallbackPath?: string };

/** What besides the report a session can be exported as (menu items and the views' CSV buttons). */
export const EXPORT_KINDS = ['ecs', 'navigator', 'connections-csv', 'alerts-csv'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export function isExportKind(value: unknown): value is ExportKind {
  return (EXPORT_KINDS as readonly unknown[]).includes(value);
}

/** One list of settings.lists as the core loaded it: its size and file date, or why it is not used. */
export interface ThreatListStatus {
  kind: ThreatListKind;
  path: string;
  name: string;
  loaded: boolean;
  entries?: number;
  /** The file's modification time, ISO. */
  fileDate?: string;
  /** Lines that held no address. */
  skipped?: number;
  /** Why the list is not used (missing file, no usable line), or what was skipped. */
  problem?: string;
}

export interface NetSentinelApi {
  start(): Promise<SessionStatus>;
  stop(): Promise<SessionStatus>;
  getState(): Promise<SessionSnapshotState>;
  /** Page `index` (1 … more.pages) of the catch-up getState began; undefined once it is gone (a newer catch-up, a new session). */
  getStatePage(id: string, index: number): Promise<CatchUpPage | undefined>;
  /** Main chooses the path (save dialog under Electron); the renderer never passes one. */
  exportReport(): Promise<ExportResult>;
  /** The session as ECS NDJSON, an ATT&CK Navigator layer or a table as CSV; main chooses the path. */
  exportData(kind: ExportKind): Promise<ExportResult>;
  getSettings(): Promise<MonitorSettings>;
  updateSettings(patch: Partial<MonitorSettings>): Promise<MonitorSettings>;
  /** Main's open-file dialog for a threat list; undefined when cancelled. Adding it to the settings is a separate update. */
  chooseListFile(): Promise<string | undefined>;
  /** The lists of the saved settings, loaded by the core (files are read there, never fetched). */
  describeLists(): Promise<ThreatListStatus[]>;
  onBatch(listener: (batch: TickBatch) => void): () => void;
  onStatus(listener: (status: SessionStatus) => void): () => void;
  /** Past sessions from their journals, newest first. */
  listSessions(): Promise<JournalSessionSummary[]>;
  /** One past session, read-only; `id` is a JournalSessionSummary id. */
  openSession(id: string): Promise<JournalSessionDetail>;
  /** A past session's report, rebuilt from its journal; main chooses the path as for exportReport. */
  exportSessionReport(id: string): Promise<ExportResult>;
}

/** Invoke channels: renderer → main, one per request method. */
export const INVOKE_CHANNELS = {
  start: 'netsentinel:start',
  stop: 'netsentinel:stop',
  getState: 'netsentinel:get-state',
  getStatePage: 'netsentinel:get-state-page',
  exportReport: 'netsentinel:export-report',
  exportData: 'netsentinel:export-data',
  getSettings: 'netsentinel:get-settings',
  updateSettings: 'netsentinel:update-settings',
  chooseListFile: 'netsentinel:choose-list-file',
  describeLists: 'netsentinel:describe-lists',
  listSessions: 'netsentinel:list-sessions',
  openSession: 'netsentinel:open-session',
  exportSessionReport: 'netsentinel:export-session-report',
} as const satisfies Record<string, `netsentinel:${string}`>;

/** Event channels: main → renderer. */
export const EVENT_CHANNELS = {
  batch: 'netsentinel:batch',
  status: 'netsentinel:status',
} as const satisfies Record<string, `netsentinel:${string}`>;

export type InvokeMethod = keyof typeof INVOKE_CHANNELS;
export type InvokeChannel = (typeof INVOKE_CHANNELS)[InvokeMethod];
export type EventChannel = (typeof EVENT_CHANNELS)[keyof typeof EVENT_CHANNELS];

/** What each event channel carries: main's sender and the preload's listeners are typed by it. */
export interface EventPayloads {
  [EVENT_CHANNELS.batch]: TickBatch;
  [EVENT_CHANNELS.status]: SessionStatus;
}
