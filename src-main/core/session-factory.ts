// How the core turns settings (and, after a crash, a seed) into a MonitorSession on the real host.
import { MonitorSession } from '../session/monitor-session';
import type { SessionFactory } from './session-controller';

export const createMonitorSession: SessionFactory = (settings, seed) => new MonitorSession({
  intervalMs: settings.intervalSec * 1000,
  homeNetCidrs: settings.homeNet,
  ...(seed && { seed }),
});
