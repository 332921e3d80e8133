// Saving a part of the settings from a view: main validates and stores it, the view shows one message.
import { useState } from 'react';
import type { MonitorSettings } from '../../src-shared/settings';
import { api } from '../bridge';
import { savedText, type SavedPart } from '../logic/save-message';
import { saveSettings } from './session-actions';
import { dashboardStore } from './use-dashboard';

export interface SaveMessage {
  ok: boolean;
  text: string;
}

export function useSaveSettings(part: SavedPart) {
  const [message, setMessage] = useState<SaveMessage>();
  async function save(patch: Partial<MonitorSettings>): Promise<boolean> {
    if (!api) {
      setMessage({ ok: false, text: 'The NetSentinel bridge is missing: nothing was saved.' });
      return false;
    }
    const error = await saveSettings(api, dashboardStore, patch);
    setMessage(error ? { ok: false, text: error } : { ok: true, text: savedText(part, dashboardStore.getState().status.state) });
    return error === undefined;
  }
  return { message, save, fail: (text: string) => setMessage({ ok: false, text }), clear: () => setMessage(undefined) };
}

export function SaveStatus({ message }: { message: SaveMessage | undefined }) {
  return message ? (
    <span className={message.ok ? 'ok' : 'error'} role="status">
      {' '}
      {message.text}
    </span>
  ) : null;
}
