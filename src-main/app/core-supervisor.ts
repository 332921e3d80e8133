// Main's handle on the core process: typed requests over its port, batches and statuses out to
// listeners, and a restart when it dies, seeded with what main kept so no alert is lost.
import type { ExportKind, SessionSnapshotState, SessionStatus, ThreatListStatus } from '../../src-shared/api';
import type { CoreMethod, CoreRequests, CoreToMain, EnrichmentSummary, ExportedText, MainToCore, SessionSeed } from '../../src-shared/core-protocol';
import { isCoreToMain } from '../../src-shared/core-protocol';
import type { CatchUpPage } from '../../src-shared/catch-up';
import type { TickBatch } from '../../src-shared/model';
import type { MonitorSettings, ThreatListRef } from '../../src-shared/settings';
import type { SerializedReport } from '../../src-shared/report-budget';
import { restartedNotice, restartingNotice, restoreFailedNotice } from './crash-notice';
import { SessionMirror } from './session-mirror';
import { errorMessage } from '../../src-shared/error-message';
import { Listeners, type Listener } from '../../src-shared/listeners';

/** One running core process, as main sees it (Electron's UtilityProcess, see core-child.ts). */
export interface CoreChild {
  pid(): number | undefined;
  post(message: MainToCore): void;
  onMessage(listener: (data: unknown) => void): void;
  onExit(listener: (code: number) => void): void;
  kill(): void;
}

export interface CoreSupervisorOptions {
  /** More crashes than this within `crashWindowMs` and the core is left down until the next start. */
  maxRestarts?: number;
  crashWindowMs?: number;
  now?: () => number;
  log?: (message: string) => void;
  /** Where the core journals each session; a restarted core continues the session from its journal. */
  journalDir?: string;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class CoreSupervisor {
  private child: CoreChild | undefined;
  private ready: Promise<void> = Promise.resolve();
  private markReady: () => void = () => undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly mirror = new SessionMirror();
  private lastStatus: SessionStatus;
  private settings: MonitorSettings | undefined;
  /** The journal file of the current session, as the core announced it. */
  private journalPath: string | undefined;
  private readonly journalDir: string | undefined;
  /** Shown with every status until the user starts or stops again: the core crashed and what followed. */
  private notice: string | undefined;
  private crashes: number[] = [];
  private shuttingDown = false;
  private readonly batchListeners = new Listeners<TickBatch>();
  private readonly statusListeners = new Listeners<SessionStatus>();
  private readonly maxRestarts: number;
  private readonly crashWindowMs: number;
  private readonly now: () => number;
  private readonly log: (message: string) => void;

  constructor(
    private readonly fork: () => CoreChild,
    hostname: string,
    options: CoreSupervisorOptions = {},
  ) {
    this.lastStatus = { state: 'idle', hostname };
    this.maxRestarts = options.maxRestarts ?? 3;
    this.crashWindowMs = options.crashWindowMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((message) => console.error(`NetSentinel: ${message}`));
    this.journalDir = options.journalDir;
  }

  /** The core's process id while it runs. */
  corePid(): number | undefined {
    return this.child?.pid();
  }

  status(): SessionStatus {
    return this.decorate(this.lastStatus);
  }

  start(settings: MonitorSettings): Promise<SessionStatus> {
    this.notice = undefined;
    this.settings = settings;
    this.journalPath = undefined;
    const journal = this.journalDir !== undefined ? { journal: { dir: this.journalDir } } : {};
    return this.request('start', { settings, ...journal }).then((status) => this.decorate(status));
  }

  /** Settings saved during a session reach the running core (and a restarted one starts with them). */
  applySettings(settings: MonitorSettings): Promise<boolean> {
    this.settings = settings;
    return this.request('applySettings', { settings });
  }

  /** The lists of these settings as the core loads them. */
  describeLists(lists: ThreatListRef[]): Promise<ThreatListStatus[]> {
    return this.request('describeLists', { lists });
  }

  stop(): Promise<SessionStatus> {
    this.notice = undefined;
    return this.request('stop', {}).then((status) => this.decorate(status));
  }

  async snapshotState(): Promise<SessionSnapshotState> {
    const state = await this.request('getState', {});
    return { ...state, status: this.decorate(state.status) };
  }

  /** A later page of the catch-up snapshotState began (see src-shared/catch-up.ts). */
  statePage(id: string, index: number): Promise<CatchUpPage | undefined> {
    return this.request('getStatePage', { id, index });
  }

  buildReport(): Promise<SerializedReport | undefined> {
    return this.request('buildReport', {});
  }

  exportData(kind: ExportKind): Promise<ExportedText | undefined> {
    return this.request('exportData', { kind });
  }

  enrichmentStatus(): Promise<EnrichmentSummary> {
    return this.request('enrichmentStatus', {});
  }

  onBatch(listener: Listener<TickBatch>): () => void {
    return this.batchListeners.add(listener);
  }

  onStatus(listener: Listener<SessionStatus>): () => void {
    return this.statusListeners.add(listener);
  }

  /** Ends the core for good (app quit); its exit is then expected. */
  shutdown(): void {
    this.shuttingDown = true;
    const child = this.child;
    this.child = undefined;
    this.failPending(new Error('NetSentinel is quitting'));
    child?.kill();
  }

  private launch(): void {
    const child = this.fork();
    this.child = child;
    this.ready = new Promise((resolve) => {
      this.markReady = resolve;
    });
    child.onMessage((data) => {
      if (child === this.child && isCoreToMain(data)) this.receive(data);
    });
    child.onExit((code) => this.exited(child, code));
  }

  private receive(message: CoreToMain): void {
    if (message.kind === 'ready') {
      this.markReady();
    } else if (message.kind === 'response') {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.ok) pending?.resolve(message.value);
      else pending?.reject(new Error(message.error));
    } else if (message.event === 'batch') {
      this.mirror.applyBatch(message.payload);
      this.batchListeners.emit(message.payload);
    } else if (message.event === 'journal') {
      this.journalPath = message.payload.path;
      if (message.payload.error) this.log(message.payload.error);
    } else {
      this.mirror.applyStatus(message.payload);
      this.lastStatus = message.payload;
      this.emitStatus();
    }
  }

  private async request<M extends CoreMethod>(method: M, params: CoreRequests[M]['params']): Promise<CoreRequests[M]['result']> {
    if (this.shuttingDown) throw new Error('NetSentinel is quitting');
    if (!this.child) {
      this.crashes = [];
      this.launch();
    }
    const child = this.child;
    await this.ready;
    if (!child || child !== this.child) throw new Error('the monitoring core stopped before it could answer');
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.post({ kind: 'request', id, method, params } as MainToCore);
    });
  }

  private exited(child: CoreChild, code: number): void {
    if (child !== this.child) return;
    this.child = undefined;
    this.markReady(); // a request waiting for this core fails below instead of waiting forever
    this.failPending(new Error(`the monitoring core stopped unexpectedly (exit code ${code})`));
    if (this.shuttingDown) return;
    const now = this.now();
    this.crashes = [...this.crashes.filter((at) => now - at < this.crashWindowMs), now];
    const seed = this.mirror.seed(now);
    if (this.crashes.length > this.maxRestarts) {
      this.notice = `The monitoring core stopped unexpectedly ${this.crashes.length} times within a minute (exit code ${code}); it was not restarted. Start monitoring to try again.`;
      this.log(this.notice);
      this.lastStatus = { ...this.lastStatus, state: seed ? 'stopped' : 'idle', ...(seed && { endedAt: seed.endedAt ?? now }) };
      this.emitStatus();
      return;
    }
    const restoring = seed && this.settings ? seed : undefined;
    this.notice = restartingNotice(code, restoring);
    this.log(this.notice);
    this.emitStatus();
    this.launch();
    if (restoring && this.settings) this.restore(code, restoring, this.settings, this.notice);
  }

  /** Seeds the restarted core; the notice then says what it continued with and what was lost. */
  private restore(code: number, seed: SessionSeed, settings: MonitorSettings, restarting: string): void {
    const heldBack = this.mirror.alertsHeldBack();
    const journal =
      this.journalDir !== undefined || this.journalPath !== undefined
        ? { journal: { ...(this.journalDir !== undefined && { dir: this.journalDir }), ...(this.journalPath !== undefined && { path: this.journalPath }) } }
        : {};
    const settle = (notice: string): void => {
      if (this.notice !== restarting) return; // a start or stop since then cleared it
      this.notice = notice;
      this.log(notice);
      this.emitStatus();
    };
    this.request('restore', { settings, seed, ...journal }).then(
      (outcome) => settle(restartedNotice(code, seed, outcome, heldBack)),
      (error: unknown) => settle(restoreFailedNotice(code, seed, errorMessage(error))),
    );
  }

  private failPending(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  private decorate(status: SessionStatus): SessionStatus {
    return this.notice !== undefined && status.error === undefined ? { ...status, error: this.notice } : status;
  }

  private emitStatus(): void {
    this.statusListeners.emit(this.status());
  }
}
