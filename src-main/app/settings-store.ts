// Settings persisted as one JSON file in the user-data folder.
import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultSettings, parseSettingsValue, SETTINGS_KEYS, type MonitorSettings } from '../../src-shared/settings';
import { writeFileAtomically } from '../report/write-report';
import { settingsCatalog, validateSettingsPatch } from './ipc-validate';
import { errorMessage } from '../../src-shared/error-message';

export const SETTINGS_FILE_NAME = 'settings.json';

export interface LoadedSettings {
  settings: MonitorSettings;
  /** Set when the file could not be used as it was; says what happened to it. */
  warnings: string[];
}

const defaults = defaultSettings;

/** Keeps every valid key of a stored object; invalid or missing keys fall back to their default. */
function settingsFromStored(stored: Record<string, unknown>, warnings: string[]): MonitorSettings {
  const settings = defaults();
  const take = <K extends keyof MonitorSettings>(key: K): void => {
    const checked = parseSettingsValue(key, stored[key], settingsCatalog());
    if (checked.ok) settings[key] = checked.value;
    else warnings.push(`Setting "${key}" in the settings file was invalid (${checked.error}); using the default.`);
  };
  for (const key of SETTINGS_KEYS) if (key in stored) take(key);
  const unknown = Object.keys(stored).filter((key) => !(SETTINGS_KEYS as string[]).includes(key));
  if (unknown.length > 0)
    warnings.push(`Unknown setting(s) ${unknown.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')} in the settings file were ignored.`);
  return settings;
}

export class SettingsStore {
  readonly path: string;
  private current: MonitorSettings = defaults();
  /** Serialises writes so two quick updates cannot land out of order. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir: string) {
    this.path = join(dir, SETTINGS_FILE_NAME);
  }

  get(): MonitorSettings {
    return structuredClone(this.current);
  }

  /** Reads the file. A missing file means defaults; an unreadable one is kept aside, never overwritten. */
  async load(now: () => number = Date.now): Promise<LoadedSettings> {
    const warnings: string[] = [];
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        warnings.push(`Could not read ${this.path} (${errorMessage(error)}); using default settings.`);
      }
      this.current = defaults();
      return { settings: this.get(), warnings };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      parsed = undefined;
      warnings.push(`Settings file was not valid JSON (${errorMessage(error)}).`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      const backup = `${this.path}.corrupt-${now()}`;
      try {
        await rename(this.path, backup);
        warnings.push(`The unreadable settings file was moved to ${backup}; using default settings.`);
      } catch (error) {
        warnings.push(`The unreadable settings file could not be moved aside (${errorMessage(error)}); using default settings without saving over it.`);
      }
      this.current = defaults();
      return { settings: this.get(), warnings };
    }
    this.current = settingsFromStored(parsed as Record<string, unknown>, warnings);
    return { settings: this.get(), warnings };
  }

  /** Validates, merges and writes atomically; resolves with the settings now in force. */
  update(patch: unknown): Promise<MonitorSettings> {
    const run = async (): Promise<MonitorSettings> => {
      const checked = validateSettingsPatch(patch);
      if (!checked.ok) throw new Error(checked.error);
      const next: MonitorSettings = { ...this.current, ...checked.value };
      await mkdir(this.dir, { recursive: true });
      await writeFileAtomically(this.path, `${JSON.stringify(next, null, 2)}\n`, 'the settings');
      this.current = next;
      return this.get();
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
