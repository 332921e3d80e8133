import { useEffect, useState, type FormEvent } from 'react';
import { JOURNAL_MAX_AGE_DAYS, JOURNAL_MAX_TOTAL_MB, parseSettingsPatch, type MonitorSettings } from '../../../src-shared/settings';
import { api } from '../../bridge';
import { saveSettings } from '../../store/session-actions';
import { dashboardStore } from '../../store/use-dashboard';

/** How long and how much of the session journals (the History tab) are kept. */
export function JournalSettings({ settings }: { settings: MonitorSettings }) {
  const [days, setDays] = useState('');
  const [megabytes, setMegabytes] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();

  useEffect(() => {
    setDays(String(settings.journal.maxAgeDays));
    setMegabytes(String(settings.journal.maxTotalMB));
  }, [settings.journal.maxAgeDays, settings.journal.maxTotalMB]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const number = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));
    // The same schema main applies; its message names the field.
    const checked = parseSettingsPatch({ journal: { maxAgeDays: number(days), maxTotalMB: number(megabytes) } });
    if (!checked.ok) return setMessage({ ok: false, text: checked.error });
    const error = api ? await saveSettings(api, dashboardStore, checked.value) : 'not connected to NetSentinel';
    setMessage(error ? { ok: false, text: error } : { ok: true, text: 'Saved. Old journals are pruned when the next session starts.' });
  }

  return (
    <form className="card settings" noValidate onSubmit={(event) => void onSubmit(event)} aria-label="Session history">
      <h2>Session history</h2>
      <label>
        Keep session journals for (days)
        <input type="number" min={JOURNAL_MAX_AGE_DAYS.min} max={JOURNAL_MAX_AGE_DAYS.max} step="1" value={days} onChange={(event) => setDays(event.target.value)} />
      </label>
      <label>
        At most this much in all (MB)
        <input type="number" min={JOURNAL_MAX_TOTAL_MB.min} max={JOURNAL_MAX_TOTAL_MB.max} step="1" value={megabytes} onChange={(event) => setMegabytes(event.target.value)} />
      </label>
      <div>
        <button type="submit" className="button">Save history settings</button>
        {message && <span className={message.ok ? 'ok' : 'error'} role="status"> {message.text}</span>}
      </div>
    </form>
  );
}
