import { useState, type FormEvent } from 'react';
import type { Alert } from '../../src-shared/model';
import { sanitizeText } from '../../src-shared/sanitize';
import { parseSettingsPatch } from '../../src-shared/settings';
import { buildSuppression, initialChoice, scopeOptions, type SuppressChoice, type SuppressExpiry } from '../logic/suppress-choice';
import { SaveStatus, useSaveSettings } from '../store/use-save-settings';
import { dashboardStore, useDashboard } from '../store/use-dashboard';

const EXPIRIES: { value: SuppressExpiry; label: string }[] = [
  { value: '1h', label: 'for 1 hour' },
  { value: '1d', label: 'for 1 day' },
  { value: 'forever', label: 'until removed' },
];

/** What to suppress: one radio per scope, the ones this alert cannot use disabled with the reason. */
function ScopeFieldset({ alert, choice, onChange }: { alert: Alert; choice: SuppressChoice; onChange: (next: SuppressChoice) => void }) {
  return (
    <fieldset>
      <legend>Suppress</legend>
      {scopeOptions(alert).map((option) => (
        <label key={option.scope} className="checkbox">
          <input
            type="radio"
            name="scope"
            value={option.scope}
            disabled={option.unavailable !== undefined}
            checked={choice.scope === option.scope}
            onChange={() => onChange({ ...choice, scope: option.scope })}
          />
          {sanitizeText(option.label)}
          {option.unavailable && <span className="hint"> ({option.unavailable})</span>}
        </label>
      ))}
    </fieldset>
  );
}

/** "Suppress…" for one alert: the scope, an expiry and a reason, saved into the settings' suppressions. */
export function SuppressForm({ alert }: { alert: Alert }) {
  const suppressions = useDashboard((state) => state.settings?.suppressions);
  const [choice, setChoice] = useState<SuppressChoice>(() => initialChoice(alert));
  const { message, save, fail } = useSaveSettings('suppressions');
  const close = (): void => dashboardStore.getState().openSuppressForm(undefined);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!suppressions) return fail('The settings are not loaded yet.');
    const checked = parseSettingsPatch({ suppressions: [...suppressions, buildSuppression(alert, choice, Date.now())] });
    if (!checked.ok) return fail(checked.error);
    if (await save(checked.value)) close();
  }

  return (
    <form className="suppress-form settings" onSubmit={(event) => void onSubmit(event)} aria-label="Suppress this alert">
      <ScopeFieldset alert={alert} choice={choice} onChange={setChoice} />
      {choice.scope === 'rule-destination' && (
        <label>
          Destination (address, address:port or CIDR)
          <input value={choice.destination} onChange={(event) => setChoice({ ...choice, destination: event.target.value })} />
        </label>
      )}
      <label>
        Expires
        <select value={choice.expiry} onChange={(event) => setChoice({ ...choice, expiry: event.target.value as SuppressExpiry })}>
          {EXPIRIES.map((e) => (
            <option key={e.value} value={e.value}>
              {e.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Reason (optional)
        <input
          value={choice.reason}
          maxLength={500}
          onChange={(event) => setChoice({ ...choice, reason: event.target.value })}
          placeholder="nightly backup job"
        />
      </label>
      <div>
        <button type="submit" className="button">
          Suppress
        </button>{' '}
        <button type="button" className="button" onClick={close}>
          Cancel
        </button>
        <SaveStatus message={message} />
      </div>
    </form>
  );
}
