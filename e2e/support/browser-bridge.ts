// Gives the page the same window.netsentinel as the Electron preload, backed by a REAL MonitorSession
// in this Node process. Requests go through one Playwright binding (like ipcRenderer.invoke: arguments
// and results are serialised); batches and status changes are pushed into the page in order (like
// webContents.send). Session handling, settings validation and export reuse main's own modules.
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ExportResult, InvokeMethod, NetSentinelApi, SessionStatus } from '../../src-shared/api';
import { foldBatches } from '../../src-shared/batch';
import { DEFAULT_SETTINGS, type MonitorSettings, type TickBatch } from '../../src-shared/model';
import type { SessionController } from '../../src-main/app/session-controller';
import type { Backend } from './build-session-backend';

export const INVOKE_BINDING = '__netsentinelInvoke';
export const DELIVER_HOOK = '__netsentinelDeliver';

/** Runs in the page before any of its scripts: builds window.netsentinel on top of the binding. */
function pageBridge(names: { invoke: string; deliver: string }): void {
  type Listener = (payload: unknown) => void;
  const listeners: Record<string, Set<Listener>> = { batch: new Set(), status: new Set() };
  const target = globalThis as unknown as Record<string, unknown>;
  const invoke = (method: string, ...args: unknown[]): Promise<never> =>
    (target[names.invoke] as (method: string, args: unknown[]) => Promise<never>)(method, args);
  const subscribe = (channel: string, listener: Listener): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    listeners[channel]?.add(listener);
    return () => {
      listeners[channel]?.delete(listener);
    };
  };
  Object.defineProperty(globalThis, names.deliver, {
    value: (channel: string, payload: unknown) => {
      for (const listener of listeners[channel] ?? []) {
        try {
          listener(payload);
        } catch (error) {
          console.error(error);
        }
      }
    },
  });
  const api = {
    start: () => invoke('start'),
    stop: () => invoke('stop'),
    getState: () => invoke('getState'),
    exportReport: () => invoke('exportReport'),
    getSettings: () => invoke('getSettings'),
    updateSettings: (patch: unknown) => invoke('updateSettings', patch),
    onBatch: (listener: Listener) => subscribe('batch', listener),
    onStatus: (listener: Listener) => subscribe('status', listener),
  };
  Object.defineProperty(globalThis, 'netsentinel', { value: Object.freeze(api), enumerable: true });
}

export interface BrowserBridgeOptions {
  /** Where exports go: what main does after its save dialog, without the dialog. */
  exportDir: string;
  settings?: Partial<MonitorSettings>;
  /** Test hook: intervalMs for the sessions (default from settings). */
  intervalMs?: number;
}

export class BrowserBridge {
  readonly controller: SessionController;
  settings: MonitorSettings;
  /** Every ExportResult handed to the page. */
  readonly exports: ExportResult[] = [];
  /** Where the next export goes (what the user would pick in main's save dialog). */
  exportDir: string;
  private readonly detach: (() => void)[] = [];
  private delivery: Promise<unknown> = Promise.resolve();
  private deliveryErrors = 0;
  private readonly outbox: { channel: 'batch' | 'status'; payload: TickBatch | SessionStatus }[] = [];
  private flushing = false;
  /** Batches merged into a newer one because the page had not taken the previous yet. */
  foldedBatches = 0;

  constructor(private readonly page: Page, private readonly backend: Backend, options: BrowserBridgeOptions) {
    this.settings = { ...DEFAULT_SETTINGS, ...options.settings };
    this.exportDir = options.exportDir;
    const { MonitorSession, SessionController } = backend;
    this.controller = new SessionController(
      (settings) => new MonitorSession({ intervalMs: options.intervalMs ?? settings.intervalSec * 1000, homeNetCidrs: settings.homeNet }),
      hostname(),
    );
  }

  /** Call before page.goto. */
  async install(): Promise<void> {
    const { unwrap, validateNoArgs, validateSettingsPatch } = this.backend;
    const handlers: { [M in InvokeMethod]: (args: unknown[]) => ReturnType<NetSentinelApi[M]> } = {
      start: async (args) => { unwrap(validateNoArgs(args), 'start'); return this.controller.start(this.settings); },
      stop: async (args) => { unwrap(validateNoArgs(args), 'stop'); return this.controller.stop(); },
      getState: async (args) => { unwrap(validateNoArgs(args), 'getState'); return this.controller.snapshotState(); },
      exportReport: async (args) => { unwrap(validateNoArgs(args), 'exportReport'); return this.exportReport(); },
      getSettings: async (args) => { unwrap(validateNoArgs(args), 'getSettings'); return this.settings; },
      updateSettings: async (args) => {
        this.settings = { ...this.settings, ...unwrap(validateSettingsPatch(args[0]), 'updateSettings') };
        return this.settings;
      },
    };
    await this.page.exposeBinding(INVOKE_BINDING, (_source, method: unknown, args: unknown) => {
      if (typeof method !== 'string' || !(method in handlers) || !Array.isArray(args)) throw new Error(`unknown call ${String(method)}`);
      return (handlers[method as InvokeMethod] as (args: unknown[]) => Promise<unknown>)(args);
    });
    await this.page.addInitScript(pageBridge, { invoke: INVOKE_BINDING, deliver: DELIVER_HOOK });
    this.detach.push(
      this.controller.onBatch((batch) => this.deliver('batch', batch)),
      this.controller.onStatus((status) => this.deliver('status', status)),
    );
  }

  /** Batches that could not be pushed (page closed or not loaded yet). */
  get failedDeliveries(): number {
    return this.deliveryErrors;
  }

  async dispose(): Promise<void> {
    for (const off of this.detach.splice(0)) off();
    await this.controller.stop();
    await this.delivery;
  }

  private deliver(channel: 'batch' | 'status', payload: TickBatch | SessionStatus): void {
    const last = this.outbox.at(-1);
    if (channel === 'batch' && last?.channel === 'batch') {
      // The page is behind (a big batch is still in page.evaluate): fold the waiting batch into the
      // newer one instead of queueing without bound. Rows and alerts are kept; only a time-series point is skipped.
      last.payload = foldBatches(last.payload as TickBatch, payload as TickBatch);
      this.foldedBatches += 1;
    } else {
      this.outbox.push({ channel, payload });
    }
    if (!this.flushing) this.delivery = this.flush();
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      for (let next = this.outbox.shift(); next; next = this.outbox.shift()) {
        const { channel, payload } = next;
        await this.page
          .evaluate(([hook, name, value]) => {
            const deliver = (globalThis as unknown as Record<string, ((c: string, p: unknown) => void) | undefined>)[hook];
            deliver?.(name, value);
          }, [DELIVER_HOOK, channel, payload] as const)
          .catch(() => {
            this.deliveryErrors += 1;
          });
      }
    } finally {
      this.flushing = false;
    }
  }

  private async exportReport(): Promise<ExportResult> {
    // A folder that cannot be created is left to fail in the write, as a bad dialog choice would.
    await mkdir(this.exportDir, { recursive: true }).catch(() => undefined);
    const { exportReport, reportFileName, writeFallbackReport, writeReportAtomically } = this.backend;
    const result = await exportReport({
      buildReport: () => this.controller.buildReport(),
      chooseSavePath: async () => join(this.exportDir, reportFileName(hostname(), Date.now())),
      write: writeReportAtomically,
      writeFallback: writeFallbackReport,
      askAfterFailure: async () => 'close',
    });
    this.exports.push(result);
    return result;
  }
}
