// Run-time guards for everything that crosses from the renderer into main.
import type { MonitorSettings } from '../../src-shared/model';
import { homeNetEntryProblem } from '../../src-shared/net';

export const INTERVAL_SEC_MIN = 0.5;
export const INTERVAL_SEC_MAX = 60;
export const HOME_NET_MAX_ENTRIES = 256;

export type Validation<T> = { ok: true; value: T } | { ok: false; error: string };

const SETTINGS_KEYS: readonly (keyof MonitorSettings)[] = ['intervalSec', 'homeNet', 'notifications'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function validateIntervalSec(value: unknown): Validation<number> {
  if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, error: 'intervalSec must be a number' };
  if (value < INTERVAL_SEC_MIN || value > INTERVAL_SEC_MAX) {
    return { ok: false, error: `intervalSec must be between ${INTERVAL_SEC_MIN} and ${INTERVAL_SEC_MAX} seconds` };
  }
  return { ok: true, value };
}

export function validateHomeNet(value: unknown): Validation<string[]> {
  if (!Array.isArray(value)) return { ok: false, error: 'homeNet must be an array of CIDR strings' };
  if (value.length > HOME_NET_MAX_ENTRIES) return { ok: false, error: `homeNet accepts at most ${HOME_NET_MAX_ENTRIES} entries` };
  const cidrs: string[] = [];
  for (const entry of value as unknown[]) {
    if (typeof entry !== 'string') return { ok: false, error: 'homeNet entries must be strings' };
    const trimmed = entry.trim();
    const problem = homeNetEntryProblem(trimmed);
    if (problem !== undefined) return { ok: false, error: `homeNet entry ${problem}` };
    if (!cidrs.includes(trimmed)) cidrs.push(trimmed);
  }
  return { ok: true, value: cidrs };
}

export function validateNotifications(value: unknown): Validation<boolean> {
  return typeof value === 'boolean' ? { ok: true, value } : { ok: false, error: 'notifications must be true or false' };
}

/** A `Partial<MonitorSettings>` from the renderer: known keys only, each value checked. */
export function validateSettingsPatch(patch: unknown): Validation<Partial<MonitorSettings>> {
  if (!isPlainObject(patch)) return { ok: false, error: 'settings patch must be an object' };
  const unknownKeys = Object.keys(patch).filter((key) => !(SETTINGS_KEYS as readonly string[]).includes(key));
  if (unknownKeys.length > 0) return { ok: false, error: `unknown setting(s): ${unknownKeys.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}` };
  const result: Partial<MonitorSettings> = {};
  if ('intervalSec' in patch) {
    const checked = validateIntervalSec(patch.intervalSec);
    if (!checked.ok) return checked;
    result.intervalSec = checked.value;
  }
  if ('homeNet' in patch) {
    const checked = validateHomeNet(patch.homeNet);
    if (!checked.ok) return checked;
    result.homeNet = checked.value;
  }
  if ('notifications' in patch) {
    const checked = validateNotifications(patch.notifications);
    if (!checked.ok) return checked;
    result.notifications = checked.value;
  }
  return { ok: true, value: result };
}

/** Requests without parameters must come without arguments. */
export function validateNoArgs(args: readonly unknown[]): Validation<void> {
  return args.length === 0 ? { ok: true, value: undefined } : { ok: false, error: `expected no arguments, got ${args.length}` };
}

/** For IPC handlers: the checked value, or an Error the renderer sees as a rejected promise. */
export function unwrap<T>(validation: Validation<T>, channel: string): T {
  if (!validation.ok) throw new Error(`${channel}: ${validation.error}`);
  return validation.value;
}
