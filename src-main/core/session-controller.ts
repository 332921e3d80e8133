// Owns the core process's current MonitorSession: one per start, kept after stop for getState and export.
import type { ExportKind, SessionSnapshotState, SessionStatus, ThreatListStatus } from '../../src-shared/api';
import type { CoreJournalTarget, ExportedText, RestoreOutcome, SessionSeed } from '../../src-shared/core-protocol';
import type { CatchUpPage } from '../../src-shared/catch-up';
import type { Alert, TickBatch } from '../../src-shared/model';
import type { MonitorSettings, ThreatListRef } from '../../src-shared/settings';
import type { BudgetedReport } from '../../src-shared/report-budget';
import type { ReportInput } from '../../src-shared/report';
import { restoreFromJournal } from '../journal/restore';
import { ThreatListCache } from '../lists/list-cache';
import type { LoadedLists } from '../lists/load-lists';
import type { PagedCatchUp } from '../session/catch-up-pages';
import { applySettingsToSession, type ReconfigurableSession } from '../session/settings-options';
import { HeldCatchUps } from './held-catch-ups';
import { localEcsHost } from '../sinks/ecs';
import { buildExport, type ExportableSession } from './session-exports';
import { SessionJournaling, type JournalEvent } from './session-journaling';

/** The part of MonitorSession the app uses. */
export interface ControlledSession extends ReconfigurableSession, ExportableSession {
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): SessionStatus;
  alerts(): Alert[];
  catchUpPages(reservedBytes?: number): PagedCatchUp;
  onBatch(listener: (batch: TickBatch) => void): () => void;
  onStatus(listener: (status: SessionStatus) => void): () => void;
  buildBudgetedReport(): BudgetedReport;
  reportInput(generatedAt?: number): ReportInput;
}

/** A seed continues a session a crashed core was running (see SessionSeed); `lists` are the loaded threat lists. */
export type SessionFactory = (settings: MonitorSettings, seed?: SessionSeed, lists?: LoadedLists) => ControlledSession;

export class SessionController {
  private session: ControlledSession | undefined;
  private detach: (() => void)[] = [];
  private readonly batchListeners = new Set<(batch: TickBatch) => void>();
  private readonly statusListeners = new Set<(status: SessionStatus) => void>();
  private readonly journalListeners = new Set<(event: JournalEvent) => void>();
  private readonly catchUps = new HeldCatchUps();
  private restored = { fromJournalOnly: 0, journalRead: false };
  private readonly journaling = new SessionJournaling((event) => {
    for (const listener of this.journalListeners) listener(event);
  });
  /** Start and stop run one after the other, so a double click cannot create two sessions. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly createSession: SessionFactory,
    private readonly hostname: string,
    private readonly lists: ThreatListCache = new ThreatListCache(),
  ) {}

  status(): SessionStatus {
    return this.session?.status() ?? { state: 'idle', hostname: this.hostname };
  }

  /**
   * The state for a window catching up, within the batch budget: the rest, if any, waits here as
   * pages (statePage) named by `more`.
   */
  snapshotState(): SessionSnapshotState {
    const status = this.status();
    const session = this.session;
    if (!session) return { status, alerts: [] };
    const { lastBatch, alerts, pages } = session.catchUpPages(HeldCatchUps.reservedBytes(status));
    const more = this.catchUps.hold(session, pages);
    return { status, alerts, ...(lastBatch && { lastBatch }), ...(more && { more }) };
  }

  /** A later page of a catch-up snapshotState began; undefined once it is gone (a newer session, expired). */
  statePage(id: string, index: number): CatchUpPage | undefined {
    return this.catchUps.page(this.session, id, index);
  }

  /** Settings are read at start: a new session begins with the interval and HOME_NET in force now. */
  start(settings: MonitorSettings, journal: CoreJournalTarget = {}): Promise<SessionStatus> {
    return this.serialise(async () => {
      const state = this.status().state;
      if (state === 'running') return this.status();
      if (state === 'stopping') await this.session?.stop();
      await this.journaling.end();
      const session = this.createSession(settings, undefined, await this.lists.load(settings.lists));
      this.replaceSession(session);
      await session.start();
      // Before the first tick (a timer): the journal sees every batch.
      if (journal.dir !== undefined) this.journaling.begin(session, settings, journal.dir);
      return this.status();
    });
  }

  /**
   * Settings saved while a session runs: HOME_NET, rule settings and threat lists apply from its next
   * tick, suppressions at once; the interval waits for the next session. A stopped session still takes
   * the suppressions, so its alerts and report show them. True when a running session took them.
   */
  applySettings(settings: MonitorSettings): Promise<boolean> {
    return this.serialise(async () => {
      if (!this.session) return false;
      applySettingsToSession(this.session, settings, await this.lists.load(settings.lists));
      const state = this.status().state;
      return state === 'running' || state === 'stopping';
    });
  }

  /** The lists as a session would load them now: size and file date, or why each is not used. */
  describeLists(refs: readonly ThreatListRef[]): Promise<ThreatListStatus[]> {
    return this.lists.describe(refs);
  }

  /**
   * Rebuilds the session a crashed core was running from its journal (when given) merged with
   * main's seed; it runs again, journaling on in the same file, unless it had stopped.
   */
  restore(settings: MonitorSettings, mainSeed: SessionSeed, journal: CoreJournalTarget = {}): Promise<SessionStatus> {
    return this.serialise(async () => {
      if (this.status().state === 'running' || this.status().state === 'stopping') await this.session?.stop();
      await this.journaling.end();
      const restored = journal.path !== undefined ? await restoreFromJournal(journal.path, mainSeed) : undefined;
      // The journal's seed with main's drop count (the journal has no running count of drops).
      const seed = restored ? { ...restored.seed, alertsDropped: Math.max(restored.seed.alertsDropped ?? 0, mainSeed.alertsDropped ?? 0) } : mainSeed;
      this.restored = { fromJournalOnly: restored?.fromJournalOnly ?? 0, journalRead: restored !== undefined };
      const session = this.createSession(settings, seed, await this.lists.load(settings.lists));
      this.replaceSession(session);
      if (seed.endedAt === undefined) await session.start();
      if (journal.path !== undefined && restored && !restored.closed) {
        this.journaling.resume(session, settings, journal.path);
        // A session that had stopped gets its final records now.
        if (seed.endedAt !== undefined) await this.journaling.end();
      } else if (journal.dir !== undefined && seed.endedAt === undefined) {
        this.journaling.begin(session, settings, journal.dir);
      }
      return this.status();
    });
  }

  /** Where the alerts of the latest restore came from (main's copy, the journal). */
  restoredFrom(): Omit<RestoreOutcome, 'status'> {
    return { alerts: this.session?.alerts().length ?? 0, fromJournalOnly: this.restored.fromJournalOnly, journalRead: this.restored.journalRead };
  }

  stop(): Promise<SessionStatus> {
    return this.serialise(async () => {
      await this.session?.stop();
      await this.journaling.end();
      return this.status();
    });
  }

  /** Undefined before the first start: there is nothing to report. Serialised within the report budget. */
  buildReport(): BudgetedReport | undefined {
    return this.session?.buildBudgetedReport();
  }

  /** Undefined before the first start, like the report. */
  exportData(kind: ExportKind): ExportedText | undefined {
    return this.session && buildExport(kind, this.session, localEcsHost(this.hostname));
  }

  onBatch(listener: (batch: TickBatch) => void): () => void {
    this.batchListeners.add(listener);
    return () => this.batchListeners.delete(listener);
  }

  onStatus(listener: (status: SessionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** The path of each journal opened (or an error writing it). */
  onJournal(listener: (event: JournalEvent) => void): () => void {
    this.journalListeners.add(listener);
    return () => this.journalListeners.delete(listener);
  }

  private replaceSession(next: ControlledSession): void {
    for (const off of this.detach.splice(0)) off();
    this.session = next;
    this.detach.push(
      next.onBatch((batch) => {
        for (const listener of this.batchListeners) listener(batch);
      }),
      next.onStatus((status) => {
        for (const listener of this.statusListeners) listener(status);
      }),
    );
  }

  private serialise<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation, operation);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
