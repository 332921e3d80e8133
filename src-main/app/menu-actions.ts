// What each menu item does, wired to main's services (used by main.ts and the browser e2e harness).
import type { AppServices } from './app-services';
import { externalUrlToOpen } from './external-url';
import type { MenuActions } from './menu-template';

export function createMenuActions(
  services: Pick<AppServices, 'start' | 'stop' | 'exportReport' | 'exportData'>,
  openExternal: (url: string) => void,
): MenuActions {
  const logFailure =
    (what: string) =>
    (error: unknown): void => {
      console.error(`NetSentinel: ${what} failed:`, error);
    };
  return {
    start: () => void services.start().catch(logFailure('start')),
    stop: () => void services.stop().catch(logFailure('stop')),
    exportReport: () => void services.exportReport().catch(logFailure('export')),
    exportData: (kind) => void services.exportData(kind).catch(logFailure(`export (${kind})`)),
    openExternal: (url) => {
      const safe = externalUrlToOpen(url);
      if (safe) openExternal(safe);
    },
  };
}
