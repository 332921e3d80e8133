import { useState, type FormEvent } from 'react';
import { JOURNAL_MAX_AGE_DAYS, JOURNAL_MAX_TOTAL_MB, parseSettingsPatch, type MonitorSettings } from '../../../src-shared/settings';
import { api } from '../../bridge';
import { saveSettings } from '../../store/session-actions';
import { dashboardStore } from '../../store/use-dashboard';

type Message = { ok: boolean; text: string } | undefined;

/** How long and how much of the session journals (the History tab) are kept. */
export function JournalSettings({ settings }: { settings: MonitorSettings }) {
  const { maxAgeDays, maxTotalMB } = settings.journal;
  // Kept here: the form below starts afresh (its drafts re-seeded) whenever the stored values change.
  const [message, setMessage] = useState<Message>();
  return <JournalForm key={`${maxAgeDays}/${maxTotalMB}`} maxAgeDays={maxAgeDays} maxTotalMB={maxTotalMB} message={message} onMessage={setMessage} />;
}

interface JournalFormProps {
  maxAgeDays: number;
  maxTotalMB: number;
  message: Message;
  onMessage(message: Message): void;
}

function JournalForm({ maxAgeDays, maxTotalMB, message, onMessage }: JournalFormProps) {
  const [days, setDays] = useState(String(maxAgeDays));
  const [megabytes, setMegabytes] = useState(String(maxTotalMB));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const number = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));
    // The same schema main applies; its message names the field.
    const checked = parseSettingsPatch({ journal: { maxAgeDays: number(days), maxTotalMB: number(megabytes) } });
    if (!checked.ok) return onMessage({ ok: false, text: checked.error });
    const error = api ? await saveSettings(api, dashboardStore, checked.value) : 'not connected to NetSentinel';
    onMessage(error ? { ok: false, text: error } : { ok: true, text: 'Saved. Old journals are pruned when the next session starts.' });
  }

  return (
    <form className="card settings" noValidate onSubmit={(event) => void onSubmit(event)} aria-label="Session history">
      <h2>Session history</h2>
      <label>
        Keep session journals for (days)
        <input
          type="number"
          min={JOURNAL_MAX_AGE_DAYS.min}
          max={JOURNAL_MAX_AGE_DAYS.max}
          step="1"
          value={days}
          onChange={(event) => setDays(event.target.value)}
        />
      </label>
      <label>
        At most this much in all (MB)
        <input
          type="number"
          min={JOURNAL_MAX_TOTAL_MB.min}
          max={JOURNAL_MAX_TOTAL_MB.max}
          step="1"
          value={megabytes}
          onChange={(event) => setMegabytes(event.target.value)}
        />
      </label>
      <div>
        <button type="submit" className="button">
          Save history settings
        </button>
        {message && (
          <span className={message.ok ? 'ok' : 'error'} role="status">
            {' '}
            {message.text}
          </span>
        )}
      </div>
    </form>
  );
}
