import { useEffect, useState, type FormEvent } from 'react';
import { INTERVAL_SEC, parseSettingsPatch, type MonitorSettings } from '../../../src-shared/settings';
import { SaveStatus, useSaveSettings } from '../../store/use-save-settings';

/** Interval, HOME_NET and notifications. */
export function GeneralSettings({ settings }: { settings: MonitorSettings }) {
  const [intervalText, setIntervalText] = useState('');
  const [homeNet, setHomeNet] = useState('');
  const [notifications, setNotifications] = useState(true);
  const { message, save, fail } = useSaveSettings('general');

  useEffect(() => {
    setIntervalText(String(settings.intervalSec));
    setHomeNet(settings.homeNet.join('\n'));
    setNotifications(settings.notifications);
  }, [settings.intervalSec, settings.homeNet, settings.notifications]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    // The same schema main applies: the first problem, naming its field, is shown before sending.
    const checked = parseSettingsPatch({
      intervalSec: intervalText.trim() === '' ? Number.NaN : Number(intervalText),
      homeNet: homeNet.split(/[\s,]+/).filter(Boolean),
      notifications,
    });
    if (checked.ok) await save(checked.value);
    else fail(checked.error);
  }

  return (
    <form className="card settings" noValidate onSubmit={(event) => void onSubmit(event)}>
      <h2>Settings</h2>
      <label>
        Interval (seconds)
        <input
          type="number"
          min={INTERVAL_SEC.min}
          max={INTERVAL_SEC.max}
          step="0.5"
          value={intervalText}
          onChange={(event) => setIntervalText(event.target.value)}
        />
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
        <button type="submit" className="button">
          Save settings
        </button>
        <SaveStatus message={message} />
      </div>
    </form>
  );
}
