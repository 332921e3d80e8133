// What the Settings and Suppressions views say after saving: only what really happens to a session.
import type { SessionState } from '../../src-shared/model';

export type SavedPart = 'general' | 'rule' | 'lists' | 'suppressions';

export function savedText(part: SavedPart, state: SessionState): string {
  const running = state === 'running';
  switch (part) {
    case 'general':
      return running
        ? 'Saved. HOME_NET applies to the running session from its next tick; the interval from the next session.'
        : 'Saved. Applies when monitoring starts.';
    case 'rule':
      // A severity re-grades the alerts held at once (the engine and this window); thresholds wait for a tick.
      if (running) return "Saved. A severity applies at once to this session's alerts; thresholds from its next tick.";
      return state === 'stopped'
        ? "Saved. A severity applies at once to this session's alerts and report; thresholds when monitoring starts."
        : 'Saved. Applies when monitoring starts.';
    case 'lists':
      return running ? 'Saved. The running session uses the lists from its next tick.' : 'Saved. The lists load when monitoring starts.';
    case 'suppressions':
      return 'Saved. Open alerts were re-evaluated at once.';
  }
}
