// `--config FILE`: the settings JSON the app stores, checked by the one schema, then the flags on top.
import { readFile } from 'node:fs/promises';
import { defaultSettings, parseSettings, type Checked, type MonitorSettings } from '../../src-shared/settings';
import { ruleCatalog } from '../detect/rules/catalog';
import type { SettingsOverrides } from './args';
import { errorMessage } from '../../src-shared/error-message';

/** Settings from the file (or the defaults), with the flags' overrides applied; errors name the file and field. */
export async function loadCliSettings(configPath: string | undefined, overrides: SettingsOverrides): Promise<Checked<MonitorSettings>> {
  let settings = defaultSettings();
  if (configPath !== undefined) {
    let text: string;
    try {
      text = await readFile(configPath, 'utf8');
    } catch (error) {
      return { ok: false, error: `--config ${configPath}: cannot read the file (${errorMessage(error)})` };
    }
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      return { ok: false, error: `--config ${configPath}: not valid JSON (${errorMessage(error)})` };
    }
    const checked = parseSettings(document, ruleCatalog());
    if (!checked.ok) return { ok: false, error: `--config ${configPath}: ${checked.error}` };
    settings = checked.value;
  }
  return { ok: true, value: { ...settings, ...overrides } };
}
