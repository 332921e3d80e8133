// Starts the dashboard for a running session: owns the terminal until close(), feeds the app a model per tick.
import { render, type Instance } from 'ink';
import type { TickBatch } from '../../../src-shared/model';
import type { MonitorSession } from '../../session/monitor-session';
import { App, type ModelFeed } from './App';
import { ASCII_GLYPHS, UNICODE_GLYPHS } from './glyphs';
import { MetricsHistory } from './metrics-history';
import { takeOverTerminal, type TerminalLease } from './terminal-restore';
import { terminalCaps } from './terminal-caps';
import { createTheme } from './theme';
import { DashboardModelBuilder, type DashboardModel } from './view-model';
import { toError } from '../../../src-shared/error-message';

export interface DashboardOptions {
  session: MonitorSession;
  intervalSec: number;
  homeNet: readonly string[];
  version: string;
  /** Called when the user asks to stop (q, Ctrl+C) or the app fails. */
  onQuit: () => void;
}

export interface RunningDashboard {
  /** A line for the coverage panel (sink failures, a signal received). */
  note(message: string): void;
  /** Unmounts the app and gives the terminal back; returns the app's failure, if it had one. */
  close(): Promise<Error | undefined>;
}

/** Most CLI notes kept: they come from failures that may repeat every tick. */
const NOTES_MAX = 20;

class Feed implements ModelFeed {
  private model: DashboardModel | undefined;
  private readonly listeners = new Set<() => void>();
  current = (): DashboardModel | undefined => this.model;
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };
  publish(model: DashboardModel): void {
    this.model = model;
    for (const listener of this.listeners) listener();
  }
}

/** Takes the terminal over and renders the app into it; the terminal is given back if rendering throws. */
function mountApp(feed: Feed, options: DashboardOptions): { lease: TerminalLease; instance: Instance } {
  const caps = terminalCaps(process.env);
  const theme = createTheme(caps, caps.unicode ? UNICODE_GLYPHS : ASCII_GLYPHS);
  const lease = takeOverTerminal(process.stdout);
  try {
    const instance = render(<App feed={feed} theme={theme} version={options.version} onQuit={options.onQuit} />, {
      exitOnCtrlC: false,
      patchConsole: false,
      maxFps: 10,
    });
    return { lease, instance };
  } catch (error) {
    lease.restore();
    throw error;
  }
}

export function startDashboard(options: DashboardOptions): RunningDashboard {
  const { session } = options;
  const builder = new DashboardModelBuilder(options.homeNet);
  const history = new MetricsHistory();
  const notes: string[] = [];
  const feed = new Feed();
  let lastBatch: TickBatch | undefined;
  const publish = (): void => {
    const snapshot = session.latestSnapshot();
    if (!lastBatch || !snapshot) return;
    feed.publish(
      builder.build({
        snapshot,
        alerts: session.alerts(),
        batch: lastBatch,
        state: session.status().state,
        intervalSec: options.intervalSec,
        history,
        notes,
      }),
    );
  };
  const unsubscribeBatch = session.onBatch((batch) => {
    history.add(batch.host.system);
    lastBatch = batch;
    publish();
  });
  const unsubscribeStatus = session.onStatus(() => publish());

  const { lease, instance } = mountApp(feed, options);
  let failure: Error | undefined;
  const exited = instance.waitUntilExit().then(
    () => undefined,
    (error: unknown) => {
      failure = toError(error);
      options.onQuit();
    },
  );
  return {
    note(message) {
      notes.push(message);
      if (notes.length > NOTES_MAX) notes.shift();
      publish();
    },
    async close() {
      unsubscribeBatch();
      unsubscribeStatus();
      instance.unmount();
      await exited;
      instance.cleanup();
      lease.restore();
      return failure;
    },
  };
}
