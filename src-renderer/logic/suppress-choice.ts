// What "Suppress…" on an alert offers, and the suppression each choice makes.
import { endpointLabel } from '../../src-shared/endpoint';
import type { Alert } from '../../src-shared/model';
import type { Suppression } from '../../src-shared/settings';

export type SuppressScope = 'alert' | 'rule-process' | 'rule-destination' | 'technique';
export type SuppressExpiry = '1h' | '1d' | 'forever';

export const EXPIRY_MS: Record<Exclude<SuppressExpiry, 'forever'>, number> = { '1h': 3_600_000, '1d': 86_400_000 };

export interface SuppressChoice {
  scope: SuppressScope;
  /** For 'rule-destination': an address, address:port or CIDR (the alert's address:port to start with). */
  destination: string;
  expiry: SuppressExpiry;
  reason: string;
}

export interface ScopeOption {
  scope: SuppressScope;
  label: string;
  /** Why the scope cannot be used for this alert. */
  unavailable?: string;
}

/** A process is named by its executable path when known (a name alone is easier to borrow). */
export function processOf(alert: Alert): string | undefined {
  return alert.process?.exe || alert.process?.name || undefined;
}

export function defaultDestination(alert: Alert): string {
  return endpointLabel(alert.destination) ?? '';
}

export function scopeOptions(alert: Alert): ScopeOption[] {
  const process = processOf(alert);
  return [
    { scope: 'alert', label: 'This alert only' },
    {
      scope: 'rule-process',
      label: `This rule for this process${process ? ` (${process})` : ''}`,
      ...(!process && { unavailable: 'the alert names no process' }),
    },
    {
      scope: 'rule-destination',
      label: 'This rule for this destination',
      ...(!alert.destination && { unavailable: 'the alert names no destination' }),
    },
    { scope: 'technique', label: `Technique ${alert.techniqueId} everywhere` },
  ];
}

export function initialChoice(alert: Alert): SuppressChoice {
  return { scope: 'alert', destination: defaultDestination(alert), expiry: 'forever', reason: '' };
}

/** The suppression for the settings; validated by the settings schema before it is saved. */
export function buildSuppression(alert: Alert, choice: SuppressChoice, now: number): Suppression {
  const match: Suppression =
    choice.scope === 'alert'
      ? { key: alert.id }
      : choice.scope === 'rule-process'
        ? { rule: alert.ruleId, ...(processOf(alert) !== undefined && { process: processOf(alert) }) }
        : choice.scope === 'rule-destination'
          ? { rule: alert.ruleId, destination: choice.destination.trim() }
          : { technique: alert.techniqueId };
  const reason = choice.reason.trim();
  return {
    ...match,
    ...(choice.expiry !== 'forever' && { until: new Date(now + EXPIRY_MS[choice.expiry]).toISOString() }),
    ...(reason !== '' && { reason }),
  };
}
