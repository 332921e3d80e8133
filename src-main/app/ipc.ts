// IPC from the renderer: one handler per INVOKE_CHANNELS entry, sender checked, arguments validated.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { EVENT_CHANNELS, INVOKE_CHANNELS, type EventChannel, type EventPayloads, type InvokeMethod, type NetSentinelApi } from '../../src-shared/api';
import { unwrap, validateExportKind, validateNoArgs, validateSessionId, validateSettingsPatch, validateStatePage } from './ipc-validate';
import { isOwnRendererUrl, type RendererLocation } from './renderer-location';
import type { CoreSupervisor } from './core-supervisor';

type Handlers = { [M in InvokeMethod]: (args: unknown[]) => ReturnType<NetSentinelApi[M]> };

export interface IpcDependencies {
  currentWindow(): BrowserWindow | undefined;
  location: RendererLocation;
  core: Pick<CoreSupervisor, 'snapshotState' | 'statePage' | 'onBatch' | 'onStatus'>;
  start: NetSentinelApi['start'];
  stop: NetSentinelApi['stop'];
  exportReport: NetSentinelApi['exportReport'];
  exportData: NetSentinelApi['exportData'];
  getSettings: NetSentinelApi['getSettings'];
  updateSettings(patch: unknown): ReturnType<NetSentinelApi['updateSettings']>;
  chooseListFile: NetSentinelApi['chooseListFile'];
  describeLists: NetSentinelApi['describeLists'];
  listSessions: NetSentinelApi['listSessions'];
  openSession: NetSentinelApi['openSession'];
  exportSessionReport: NetSentinelApi['exportSessionReport'];
}

/** Only our window's main frame, showing our page, may call main. */
function isTrustedSender(event: IpcMainInvokeEvent, deps: IpcDependencies): boolean {
  const win = deps.currentWindow();
  const frame = event.senderFrame;
  if (!win || win.isDestroyed() || event.sender !== win.webContents || !frame) return false;
  return frame === win.webContents.mainFrame && isOwnRendererUrl(frame.url, deps.location);
}

export function registerIpcHandlers(deps: IpcDependencies): () => void {
  const noArgs = (channel: string, args: unknown[]): void => unwrap(validateNoArgs(args), channel);
  const handlers: Handlers = {
    start: async (args) => {
      noArgs(INVOKE_CHANNELS.start, args);
      return deps.start();
    },
    stop: async (args) => {
      noArgs(INVOKE_CHANNELS.stop, args);
      return deps.stop();
    },
    getState: async (args) => {
      noArgs(INVOKE_CHANNELS.getState, args);
      return deps.core.snapshotState();
    },
    getStatePage: async (args) => deps.core.statePage(...unwrap(validateStatePage(args), INVOKE_CHANNELS.getStatePage)),
    exportReport: async (args) => {
      noArgs(INVOKE_CHANNELS.exportReport, args);
      return deps.exportReport();
    },
    exportData: async (args) => deps.exportData(unwrap(validateExportKind(args), INVOKE_CHANNELS.exportData)),
    getSettings: async (args) => {
      noArgs(INVOKE_CHANNELS.getSettings, args);
      return deps.getSettings();
    },
    updateSettings: async (args) => {
      if (args.length !== 1) throw new Error(`${INVOKE_CHANNELS.updateSettings}: expected one argument`);
      return deps.updateSettings(unwrap(validateSettingsPatch(args[0]), INVOKE_CHANNELS.updateSettings));
    },
    chooseListFile: async (args) => {
      noArgs(INVOKE_CHANNELS.chooseListFile, args);
      return deps.chooseListFile();
    },
    describeLists: async (args) => {
      noArgs(INVOKE_CHANNELS.describeLists, args);
      return deps.describeLists();
    },
    listSessions: async (args) => {
      noArgs(INVOKE_CHANNELS.listSessions, args);
      return deps.listSessions();
    },
    openSession: async (args) => deps.openSession(unwrap(validateSessionId(args), INVOKE_CHANNELS.openSession)),
    exportSessionReport: async (args) => deps.exportSessionReport(unwrap(validateSessionId(args), INVOKE_CHANNELS.exportSessionReport)),
  };
  for (const method of Object.keys(INVOKE_CHANNELS) as InvokeMethod[]) {
    const channel = INVOKE_CHANNELS[method];
    const handler = handlers[method] as (args: unknown[]) => Promise<unknown>;
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      if (!isTrustedSender(event, deps)) throw new Error(`${channel}: refused, the sender is not the NetSentinel window`);
      return handler(args);
    });
  }
  return () => {
    for (const channel of Object.values(INVOKE_CHANNELS)) ipcMain.removeHandler(channel);
  };
}

/** Main → renderer: one message per tick and one per status change, to the current window only. */
export function forwardSessionEvents(deps: Pick<IpcDependencies, 'currentWindow' | 'core'>): () => void {
  const send = <C extends EventChannel>(channel: C, payload: EventPayloads[C]): void => {
    const win = deps.currentWindow();
    if (win && !win.isDestroyed() && !win.webContents.isDestroyed()) win.webContents.send(channel, payload);
  };
  const offBatch = deps.core.onBatch((batch) => send(EVENT_CHANNELS.batch, batch));
  const offStatus = deps.core.onStatus((status) => send(EVENT_CHANNELS.status, status));
  return () => {
    offBatch();
    offStatus();
  };
}
