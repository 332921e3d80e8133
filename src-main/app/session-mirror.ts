// What main keeps of the core's session, from the batches and statuses it forwards anyway: enough to
// seed a restarted core so that a crash loses no alert (src-shared/core-protocol SessionSeed).
import type { SessionStatus } from '../../src-shared/api';
import type { SessionSeed } from '../../src-shared/core-protocol';
import { MAX_ALERTS, pickEvictions } from '../../src-shared/alert-bounds';
import type { Alert, SessionState, TickBatch } from '../../src-shared/model';

/** The engine keeps at most this many alerts; the mirror never holds more. */
export const MIRROR_MAX_ALERTS = MAX_ALERTS;

export class SessionMirror {
  private alerts = new Map<string, Alert>();
  private seq = 0;
  private startedAt: number | undefined;
  private endedAt: number | undefined;
  private state: SessionState = 'idle';
  private alertsDropped = 0;
  /** Alerts the core had and had not sent yet (held back by the batch budget), as of the latest batch. */
  private heldBack = 0;

  constructor(private readonly maxAlerts = MIRROR_MAX_ALERTS) {}

  applyStatus(status: SessionStatus): void {
    if (status.startedAt !== undefined && status.startedAt !== this.startedAt) this.beginSession(status.startedAt);
    this.state = status.state;
    this.endedAt = status.endedAt;
  }

  applyBatch(batch: TickBatch): void {
    if (batch.startedAt !== this.startedAt) this.beginSession(batch.startedAt);
    this.seq = Math.max(this.seq, batch.seq);
    this.alertsDropped = Math.max(this.alertsDropped, batch.alertsDropped);
    this.heldBack = batch.truncated?.heldBack.alerts ?? 0;
    // Alerts the engine removed, named by the batch.
    for (const id of batch.droppedAlertIds) this.alerts.delete(id);
    for (const alert of batch.changedAlerts) {
      this.alerts.delete(alert.id); // re-inserted last: the map stays in least-recently-seen order
      this.alerts.set(alert.id, alert);
    }
    // Evicted the engine's way (lowest severity first), so a seed never loses a CRITICAL alert to a flood.
    for (const id of pickEvictions(this.alerts.values(), this.maxAlerts)) this.alerts.delete(id);
  }

  /** Undefined before the first session. A session that was stopping counts as stopped now. */
  seed(now: number = Date.now()): SessionSeed | undefined {
    if (this.startedAt === undefined) return undefined;
    const ended = this.state === 'stopped' || this.state === 'stopping';
    return {
      startedAt: this.startedAt,
      seq: this.seq,
      alerts: [...this.alerts.values()],
      alertsDropped: this.alertsDropped,
      ...(ended && { endedAt: this.endedAt ?? now }),
    };
  }

  alertCount(): number {
    return this.alerts.size;
  }

  /** Alerts the core held back from the latest batch (its budget): main has not seen them. */
  alertsHeldBack(): number {
    return this.heldBack;
  }

  private beginSession(startedAt: number): void {
    this.alerts = new Map();
    this.seq = 0;
    this.alertsDropped = 0;
    this.heldBack = 0;
    this.startedAt = startedAt;
    this.endedAt = undefined;
  }
}
