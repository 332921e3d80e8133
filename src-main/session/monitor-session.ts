import { hostname as osHostname, arch, release, type } from 'node:os';
import type { SessionStatus } from '../../src-shared/api';
import { type Alert, type HostSnapshot, type SessionState, type SnapshotView, type TickBatch } from '../../src-shared/model';
import type { SessionSeed } from '../../src-shared/core-protocol';
import { DEFAULT_PRIVACY, type PrivacyOptions } from '../../src-shared/privacy';
import { buildReport, type Report, type ReportInput } from '../../src-shared/report';
import { buildBudgetedReport, type BudgetedReport } from '../../src-shared/report-budget';
import { INTERVAL_SEC, type Suppression } from '../../src-shared/settings';
import { createCollector } from '../collect';
import type { Collector } from '../collect/types';
import { defaultRules } from '../detect/rules';
import type { DetectionEngine } from '../detect/types';
import { enrichSnapshot } from '../enrich/enrich-snapshot';
import { TOOL_NAME, TOOL_VERSION } from '../version';
import { BatchBuilder, type CatchUpNow } from './batch-builder';
import type { PagedCatchUp } from './catch-up-pages';
import { CoverageLog } from './coverage-log';
import { MetricsTracker } from './metrics-tracker';
import { emptySnapshotView, toSnapshotView } from './snapshot-view';
import { errorMessage } from '../../src-shared/error-message';
import { engineFromOptions, type MonitorSessionOptions } from './monitor-session-options';

export type { MonitorSessionOptions } from './monitor-session-options';
import { Listeners, type Listener } from '../../src-shared/listeners';

const TOOL = { name: TOOL_NAME, version: TOOL_VERSION };
const OS_DESCRIPTION = `${type()} ${release()} (${process.platform}/${arch()})`;

/**
 * One monitoring run: collect → detect → one TickBatch per tick to every listener.
 * Can be started again after it stopped; each start begins a fresh session.
 */
export class MonitorSession {
  readonly intervalMs: number;
  private options: MonitorSessionOptions;
  private readonly privacy: PrivacyOptions;
  /** Alerts re-marked between ticks (a suppression added or removed), sent with the next batch. */
  private pendingChanged = new Map<string, Alert>();
  private readonly now: () => number;
  private readonly hostname = osHostname();
  private collector: Collector;
  private engine: DetectionEngine;
  private state: SessionState = 'idle';
  private startedAt: number | undefined;
  private endedAt: number | undefined;
  private error: string | undefined;
  private seq = 0;
  private latest: TickBatch | undefined;
  private latestView: SnapshotView | undefined;
  private builder: BatchBuilder;
  private metrics = new MetricsTracker();
  private coverage = new CoverageLog();
  private tickTimer: NodeJS.Timeout | undefined;
  private durationTimer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private stoppedWaiters: (() => void)[] = [];
  /** The next start() continues the seeded session instead of beginning a fresh one. */
  private resumeSeed = false;
  private readonly batchListeners = new Listeners<TickBatch>();
  private readonly statusListeners = new Listeners<SessionStatus>();

  constructor(options: MonitorSessionOptions = {}) {
    this.options = options;
    // Users' intervals are checked at the edges by the settings schema (INTERVAL_SEC); tests go faster.
    this.intervalMs = options.intervalMs ?? INTERVAL_SEC.default * 1000;
    if (!(this.intervalMs > 0)) throw new RangeError(`intervalMs must be positive, got ${this.intervalMs}`);
    this.now = options.now ?? Date.now;
    this.privacy = { ...DEFAULT_PRIVACY, ...options.privacy };
    this.collector = options.collector ?? createCollector({ redactSecrets: this.privacy.redactSecrets, authLogs: options.authLogs ?? [] });
    this.engine = engineFromOptions(options, options.seed?.alerts, options.seed?.alertsDropped);
    this.builder = new BatchBuilder(options.batchBudgetBytes);
    if (options.seed) this.takeSeed(options.seed);
    this.coverage.add(options.startCoverage ?? []);
  }

  /**
   * HOME_NET and rule settings for the running session: they apply from the next tick, and alerts are
   * kept. A rule whose config is unchanged keeps its sliding windows. Severity overrides apply at once
   * to every alert held (sent with the next batch), so a stopped session's report shows them too.
   */
  reconfigure(change: Pick<MonitorSessionOptions, 'homeNetCidrs' | 'detection' | 'severityOverrides'>): void {
    this.options = { ...this.options, ...change };
    this.engine.reconfigure({
      ...(change.homeNetCidrs && { homeNetCidrs: change.homeNetCidrs }),
      ...(change.detection && !this.options.rules && { rules: defaultRules(change.detection) }),
    });
    if (change.severityOverrides) {
      for (const alert of this.engine.setSeverityOverrides(change.severityOverrides)) this.pendingChanged.set(alert.id, alert);
    }
  }

  /** Replaces the suppressions at once: open alerts are re-marked now (returned, and sent with the next batch). */
  setSuppressions(suppressions: Suppression[]): Alert[] {
    this.options = { ...this.options, suppressions };
    const changed = this.engine.setSuppressions(suppressions, this.now());
    for (const alert of changed) this.pendingChanged.set(alert.id, alert);
    return changed;
  }

  /** How many alerts each suppression holds now, in list order. */
  suppressionCounts(): number[] {
    return this.engine.suppressionCounts();
  }

  private takeSeed(seed: SessionSeed): void {
    this.seq = seed.seq;
    this.startedAt = seed.startedAt;
    if (seed.endedAt === undefined) {
      this.resumeSeed = true;
    } else {
      this.state = 'stopped';
      this.endedAt = seed.endedAt;
    }
  }

  status(): SessionStatus {
    return {
      state: this.state,
      hostname: this.hostname,
      ...(this.startedAt !== undefined && { startedAt: this.startedAt }),
      ...(this.endedAt !== undefined && { endedAt: this.endedAt }),
      ...(this.error !== undefined && { error: this.error }),
    };
  }

  alerts(): Alert[] {
    return this.engine.alerts();
  }

  /** The latest batch as sent: changes only. */
  lastBatch(): TickBatch | undefined {
    return this.latest;
  }

  /**
   * The latest batch with every row receivers hold, for a window that reloads or fell behind (getState).
   * Its counts are the engine's now: a suppression added since the last tick already shows.
   */
  catchUpBatch(): TickBatch | undefined {
    if (!this.latest) return undefined;
    return this.builder.catchUp(this.latest, this.countsNow());
  }

  /**
   * The same catch-up with the session's alerts, in pages within the batch budget (getState's answer
   * and the pages after it); `reservedBytes` is room on the first page for what is sent beside it.
   */
  catchUpPages(reservedBytes = 0): PagedCatchUp {
    return this.builder.catchUpPages(this.latest, this.engine.alerts(), this.countsNow(), reservedBytes);
  }

  private countsNow(): CatchUpNow {
    return {
      severityCounts: this.engine.severityCounts(),
      suppressedCount: this.engine.suppressedCount(),
      suppressionCounts: this.engine.suppressionCounts(),
    };
  }

  /** The host as the latest tick saw it (every row, full process references), for the report and the CLI. */
  latestSnapshot(): SnapshotView | undefined {
    return this.latestView;
  }

  ticks(): number {
    return this.seq;
  }

  onBatch(listener: Listener<TickBatch>): () => void {
    return this.batchListeners.add(listener);
  }

  onStatus(listener: Listener<SessionStatus>): () => void {
    return this.statusListeners.add(listener);
  }

  async start(): Promise<void> {
    if (this.state === 'running') return;
    if (this.stopping) await this.stopping;
    const resuming = this.resumeSeed;
    this.resumeSeed = false;
    if (!resuming && this.seq > 0) this.resetForNewRun();
    this.state = 'running';
    if (!resuming) this.startedAt = this.now();
    this.endedAt = undefined;
    this.error = undefined;
    this.emitStatus();
    if (this.options.durationMs !== undefined) {
      this.durationTimer = setTimeout(() => void this.stop(), this.options.durationMs);
    }
    this.scheduleTick(0);
  }

  /** Resolves once the in-flight tick (if any) has finished and no further tick will run. */
  stop(): Promise<void> {
    if (this.state !== 'running') return this.stopping ?? Promise.resolve();
    this.state = 'stopping';
    this.emitStatus();
    clearTimeout(this.tickTimer);
    clearTimeout(this.durationTimer);
    this.stopping = (async () => {
      await this.inFlight;
      this.collector.close?.();
      this.state = 'stopped';
      this.endedAt = this.now();
      this.stopping = undefined;
      this.emitStatus();
      for (const resolve of this.stoppedWaiters.splice(0)) resolve();
    })();
    return this.stopping;
  }

  /** Resolves when the session stops, by stop() or when its duration ends. */
  whenStopped(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'idle') return Promise.resolve();
    return new Promise((resolve) => this.stoppedWaiters.push(resolve));
  }

  buildReport(generatedAt: number = this.now()): Report {
    return buildReport(this.reportInput(generatedAt));
  }

  /** The report serialised within its size budget (reduced when the full one would not fit): what the CLI and Export write. */
  buildBudgetedReport(generatedAt: number = this.now()): BudgetedReport {
    return buildBudgetedReport(this.reportInput(generatedAt));
  }

  /** What the report is built from (the journal keeps it, so a replay rebuilds the same report). */
  reportInput(generatedAt: number = this.now()): ReportInput {
    return {
      tool: TOOL,
      hostname: this.hostname,
      os: OS_DESCRIPTION,
      generatedAt,
      ...(this.startedAt !== undefined && { startedAt: this.startedAt }),
      ...(this.endedAt !== undefined && { endedAt: this.endedAt }),
      intervalSec: this.intervalMs / 1000,
      ticks: this.seq,
      alerts: this.engine.alerts(),
      ...(this.latestView && { lastSnapshot: this.latestView }),
      metricsSummary: this.metrics.summary(),
      coverage: this.coverage.all(),
      commandLines: this.privacy.commandLines,
      alertsDropped: this.engine.droppedCount(),
    };
  }

  private resetForNewRun(): void {
    this.engine = engineFromOptions(this.options);
    this.pendingChanged.clear();
    this.seq = 0;
    this.latest = undefined;
    this.latestView = undefined;
    this.builder.reset();
    this.metrics = new MetricsTracker();
    this.coverage = new CoverageLog();
    this.coverage.add(this.options.startCoverage ?? []);
  }

  private scheduleTick(delayMs: number): void {
    this.tickTimer = setTimeout(() => void this.runTick(), delayMs);
  }

  private async runTick(): Promise<void> {
    if (this.state !== 'running') return;
    const tickStart = this.now();
    this.inFlight = this.tick();
    await this.inFlight;
    this.inFlight = undefined;
    if (this.state !== 'running') return;
    this.scheduleTick(Math.max(0, this.intervalMs - (this.now() - tickStart)));
  }

  private async tick(): Promise<void> {
    const warnings: string[] = [];
    const collectStart = this.now();
    let snapshot: HostSnapshot | undefined;
    try {
      snapshot = await this.collector.collect();
      if (this.options.enricher) snapshot = enrichSnapshot(snapshot, this.options.enricher);
    } catch (error) {
      warnings.push(`collection failed this tick: ${errorMessage(error)}`);
    }
    const collectMs = this.now() - collectStart;

    let changedAlerts: Alert[] = [];
    const detectStart = this.now();
    if (snapshot) {
      try {
        changedAlerts = this.engine.evaluate(snapshot);
      } catch (error) {
        warnings.push(`detection failed this tick: ${errorMessage(error)}`);
      }
      warnings.push(...this.engine.lastErrors());
      this.metrics.add(snapshot.system);
      this.coverage.add(snapshot.coverage);
    }
    const detectMs = this.now() - detectStart;

    const time = snapshot?.time ?? collectStart;
    this.seq += 1;
    const view = snapshot ? toSnapshotView(snapshot) : (this.latestView ?? emptySnapshotView(time, this.hostname));
    this.latestView = view;
    const batch = this.builder.build(
      {
        seq: this.seq,
        time,
        startedAt: this.startedAt ?? time,
        elapsedMs: time - (this.startedAt ?? time),
        state: this.state,
        view,
        changedAlerts: this.withPending(changedAlerts),
        severityCounts: this.engine.severityCounts(),
        suppressedCount: this.engine.suppressedCount(),
        suppressionCounts: this.engine.suppressionCounts(),
        droppedAlertIds: snapshot ? this.engine.lastDroppedIds() : [],
        alertsDropped: this.engine.droppedCount(),
        collectMs,
        detectMs,
        warnings,
      },
      this.options.tableDeltas !== false,
    );
    this.latest = batch;
    this.emit(this.batchListeners, batch);
  }

  private withPending(changed: Alert[]): Alert[] {
    if (this.pendingChanged.size === 0) return changed;
    for (const alert of changed) this.pendingChanged.delete(alert.id);
    const merged = [...this.pendingChanged.values(), ...changed];
    this.pendingChanged.clear();
    return merged;
  }

  private emitStatus(): void {
    this.emit(this.statusListeners, this.status());
  }

  private emit<T>(listeners: Listeners<T>, value: T): void {
    // A consumer's bug must not stop monitoring; surface it in the next batch instead.
    listeners.emit(value, (error) => {
      this.error = `a session listener failed: ${errorMessage(error)}`;
    });
  }
}
