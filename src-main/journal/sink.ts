// Journals one session: start metadata, a compact summary per tick, alert changes, and at the end
// what the live report was built from. Alert changes that only move a count or last-seen time are
// written at most every ALERT_REFRESH_MS per alert (all of them at close), so a long-lived alert
// does not add a line every tick.
import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { SessionStatus } from '../../src-shared/api';
import { emptySeverityCounts, type Alert, type TickBatch } from '../../src-shared/model';
import { countBySeverity, type ReportInput } from '../../src-shared/report';
import { JOURNAL_VERSION, type JournalRecord, type TickRecord } from './records';
import { JournalWriter, journalFileName } from './writer';

export const ALERT_REFRESH_MS = 5000;

/** What the journal needs from a MonitorSession. */
export interface JournaledSession {
  onBatch(listener: (batch: TickBatch) => void): () => void;
  reportInput(generatedAt?: number): ReportInput;
  status(): SessionStatus;
}

export interface SessionJournalOptions {
  /** `sha256:…` of the settings in force (settingsDigest). */
  settingsDigest: string;
  fsyncMs?: number;
  alertRefreshMs?: number;
  /** Past this size only the final records are written (the alerts' final states included). */
  maxBytes?: number;
  /** Continue this journal file (a restarted core) instead of starting a new one. */
  resumePath?: string;
  /** Called once when the file cannot be opened; the session goes on unjournaled. */
  onOpenError?: (error: Error) => void;
  now?: () => number;
}

export function settingsDigest(settings: unknown): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(settings)).digest('hex')}`;
}

export function tickRecord(batch: TickBatch): TickRecord {
  const changed = emptySeverityCounts();
  for (const alert of batch.changedAlerts) changed[alert.severity] += 1;
  return {
    t: 'tick',
    seq: batch.seq,
    time: batch.time,
    counts: batch.severityCounts,
    changed,
    suppressed: batch.suppressedCount ?? 0,
    connections: batch.totals.connections,
    listening: batch.totals.listening,
    rxRate: batch.host.system.netRxRate,
    txRate: batch.host.system.netTxRate,
    warnings: batch.warnings.length,
    ...(batch.droppedAlertIds.length > 0 && { drop: batch.droppedAlertIds }),
  };
}

/** What makes an alert change worth a line at once: anything but its count, times and evidence. */
const materialOf = (a: Alert): string => JSON.stringify([a.severity, a.status ?? 'active', a.suppressedBy?.reason, a.title]);

export class SessionJournal {
  readonly path: string;
  private readonly detach: () => void;
  private readonly ready: Promise<JournalWriter>;
  private chain: Promise<unknown>;
  /** Per alert id: when its last line was written and what it said. */
  private readonly journaled = new Map<string, { at: number; material: string }>();
  private readonly pending = new Map<string, Alert>();
  private readonly now: () => number;
  private closing: Promise<void> | undefined;
  /** Bytes in the file so far, as the writer last reported. */
  private size = 0;

  /**
   * Call right after `await session.start()` (before its first tick, which is a timer): it subscribes
   * at once and opens the file in the background; records wait for it, in order.
   */
  constructor(
    dir: string,
    private readonly session: JournaledSession,
    private readonly options: SessionJournalOptions,
  ) {
    this.now = options.now ?? Date.now;
    const input = session.reportInput();
    const startedAt = session.status().startedAt ?? this.now();
    const fileName = options.resumePath ? basename(options.resumePath) : journalFileName(startedAt, input.hostname);
    const folder = options.resumePath ? dirname(options.resumePath) : dir;
    this.ready = JournalWriter.open(folder, fileName, options.fsyncMs);
    this.path = join(folder, fileName);
    this.chain = this.ready.catch((error: unknown) => options.onOpenError?.(error as Error));
    this.write(
      options.resumePath
        ? { t: 'resume', time: this.now(), pid: process.pid }
        : {
            t: 'start',
            v: JOURNAL_VERSION,
            startedAt,
            hostname: input.hostname,
            os: input.os,
            intervalSec: input.intervalSec,
            tool: input.tool,
            pid: process.pid,
            settingsDigest: options.settingsDigest,
          },
    );
    this.detach = session.onBatch((batch) => this.onBatch(batch));
  }

  private onBatch(batch: TickBatch): void {
    if (this.isFull()) {
      for (const alert of batch.changedAlerts) this.pending.set(alert.id, alert);
      return;
    }
    this.write(tickRecord(batch));
    for (const id of batch.droppedAlertIds) {
      this.journaled.delete(id);
      this.pending.delete(id);
    }
    const now = this.now();
    const refreshMs = this.options.alertRefreshMs ?? ALERT_REFRESH_MS;
    for (const alert of batch.changedAlerts) {
      const last = this.journaled.get(alert.id);
      if (!last || last.material !== materialOf(alert) || now - last.at >= refreshMs) this.writeAlert(alert, batch.time, now);
      else this.pending.set(alert.id, alert);
    }
    for (const [id, alert] of this.pending) {
      if (now - (this.journaled.get(id)?.at ?? 0) >= refreshMs) this.writeAlert(alert, batch.time, now);
    }
  }

  private writeAlert(alert: Alert, time: number, now: number): void {
    this.pending.delete(alert.id);
    this.journaled.set(alert.id, { at: now, material: materialOf(alert) });
    this.write({ t: 'alert', time, alert });
  }

  private isFull(): boolean {
    return this.options.maxBytes !== undefined && this.size > this.options.maxBytes;
  }

  private write(record: JournalRecord): void {
    this.chain = this.chain
      .then(() => this.ready)
      .then(async (writer) => {
        await writer.append(record);
        this.size = writer.size;
      })
      .catch(() => undefined);
  }

  /** After the session stopped: the alerts' final states, what the report was built from, the stop record; then fsync and close. Rejects when the file could not be written. */
  close(): Promise<void> {
    this.closing ??= this.finish();
    return this.closing;
  }

  private async finish(): Promise<void> {
    this.detach();
    const { alerts, generatedAt: _generatedAt, ...input } = this.session.reportInput();
    const time = input.endedAt ?? this.now();
    for (const alert of alerts) if (this.pending.has(alert.id) || !this.journaled.has(alert.id)) this.writeAlert(alert, time, time);
    this.write({ t: 'final', alertIds: alerts.map((a) => a.id), input });
    const active = alerts.filter((a) => a.status !== 'suppressed');
    const counts = countBySeverity(active);
    this.write({ t: 'stop', endedAt: time, ticks: input.ticks, counts, suppressed: alerts.length - active.length });
    await this.chain;
    const writer = await this.ready;
    await writer.close();
    if (writer.error) throw writer.error;
  }
}
