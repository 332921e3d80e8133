import { useEffect, useState, type FormEvent } from 'react';
import { INTERVAL_SEC, parseSettingsPatch } from '../../src-shared/settings';
import { api } from '../bridge';
import { EmptyState } from '../components/EmptyState';
import { saveSettings } from '../store/session-actions';
import { dashboardStore, useDashboard } from '../store/use-dashboard';
import { JournalSettings } from './settings/JournalSettings';

export function SettingsView() {
  const settings = useDashboard((state) => state.settings);
  const [intervalText, setIntervalText] = useState('');
  const [homeNet, setHomeNet] = useState('');
  const [notifications, setNotifications] = useState(true);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();

  useEffect(() => {
    if (!settings) return;
    setIntervalText(String(settings.intervalSec));
    setHomeNet(settings.homeNet.join('\n'));
    setNotifications(settings.notifications);
  }, [settings]);

  if (!settings || !api) {
    return <div className="view"><EmptyState title="Loading settings…" tone="loading" /></div>;
  }
  const bridge = api;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    // The same schema main applies: the first problem, naming its field, is shown before sending.
    const checked = parseSettingsPatch({
      intervalSec: intervalText.trim() === '' ? Number.NaN : Number(intervalText),
      homeNet: homeNet.split(/[\s,]+/).filter(Boolean),
      notifications,
    });
    if (!checked.ok) {
      setMessage({ ok: false, text: checked.error });
      return;
    }
    const error = await saveSettings(bridge, dashboardStore, checked.value);
    setMessage(error ? { ok: false, text: error } : { ok: true, text: 'Saved. HOME_NET applies to a running session from its next tick; the interval from the next session.' });
  }

  return (
    <div className="view">
      <form className="card settings" onSubmit={(event) => void onSubmit(event)}>
        <h2>Settings</h2>
        <label>
          Interval (seconds)
          <input type="number" min={INTERVAL_SEC.min} max={INTERVAL_SEC.max} step="0.5" value={intervalText} onChange={(event) => setIntervalText(event.target.value)} />
        </label>
        <label>
          HOME_NET (CIDRs counted as internal, one per line)
          <textarea rows={4} value={homeNet} onChange={(event) => setHomeNet(event.target.value)} placeholder="203.0.113.0/24" />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={notifications} onChange={(event) => setNotifications(event.target.checked)} />
          Desktop notification for each new critical alert
        </label>
        <div>
          <button type="submit" className="button">Save settings</button>
          {message && <span className={message.ok ? 'ok' : 'error'} role="status"> {message.text}</span>}
        </div>
      </form>
      <JournalSettings settings={settings} />
    </div>
  );
}
