// Which alerts deserve a desktop notification: each alert once, the first time it is CRITICAL.
import { getTechnique } from '../../src-shared/attack';
import type { Alert, TickBatch } from '../../src-shared/model';
import { sanitizeForNotification, sanitizeText } from '../../src-shared/sanitize';

/** A notification shows a few lines; the alert itself stays complete in the app and the report. */
const MAX_BODY_CHARS = 400;
const MAX_TITLE_CHARS = 120;

export interface NotificationContent {
  alertId: string;
  title: string;
  body: string;
}

/** Remembers the alerts already announced during one session. */
export class CriticalAlertNotifier {
  private readonly announced = new Set<string>();
  private sessionStartedAt: number | undefined;

  /** Like select(), starting over when the batch belongs to a new session. */
  forBatch(batch: Pick<TickBatch, 'startedAt' | 'changedAlerts'>, enabled: boolean): Alert[] {
    if (batch.startedAt !== this.sessionStartedAt) {
      this.reset();
      this.sessionStartedAt = batch.startedAt;
    }
    return this.select(batch.changedAlerts, enabled);
  }

  /** The alerts to announce now; marks them as announced even when notifications are off, so turning them on later does not replay old alerts. */
  select(changedAlerts: readonly Alert[], enabled: boolean): Alert[] {
    const fresh: Alert[] = [];
    for (const alert of changedAlerts) {
      // A suppressed alert raises nothing; should it turn active again it is announced then.
      if (alert.severity !== 'CRITICAL' || alert.status === 'suppressed' || this.announced.has(alert.id)) continue;
      this.announced.add(alert.id);
      fresh.push(alert);
    }
    return enabled ? fresh : [];
  }

  reset(): void {
    this.announced.clear();
  }
}

export interface NotificationFormat {
  /** Linux notification servers render a subset of HTML in the body (libnotify), so markup is escaped there. */
  bodyIsMarkup: boolean;
}

/**
 * Title and body for one alert. Process names and descriptions are attacker-chosen: controls, bidi
 * overrides and line separators are shown escaped, and markup is escaped where the server renders it.
 */
export function notificationContent(alert: Alert, format: NotificationFormat = { bodyIsMarkup: true }): NotificationContent {
  const technique = getTechnique(alert.techniqueId);
  const where = alert.process ? ` — ${alert.process.name} (pid ${alert.process.pid})` : '';
  const rawBody = `${alert.techniqueId}${technique ? ` ${technique.name}` : ''}${where}\n${alert.description}`.slice(0, MAX_BODY_CHARS);
  return {
    alertId: alert.id,
    title: sanitizeText(`CRITICAL: ${alert.title}`.slice(0, MAX_TITLE_CHARS)),
    body: format.bodyIsMarkup ? sanitizeForNotification(rawBody) : sanitizeText(rawBody, { keepNewlines: true }),
  };
}
