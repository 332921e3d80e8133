// The sandboxed preload: exposes window.netsentinel (NetSentinelApi) and nothing else.
// It must bundle to one CommonJS file whose only require is 'electron' (see e2e/build/preload.test.ts).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNELS, INVOKE_CHANNELS, type EventChannel, type EventPayloads, type NetSentinelApi } from '../src-shared/api';

function subscribe<C extends EventChannel>(channel: C, listener: (payload: EventPayloads[C]) => void): () => void {
  if (typeof listener !== 'function') throw new TypeError('listener must be a function');
  const forward = (_event: IpcRendererEvent, payload: EventPayloads[C]): void => listener(payload);
  ipcRenderer.on(channel, forward);
  return () => {
    ipcRenderer.removeListener(channel, forward);
  };
}

const api: NetSentinelApi = {
  start: () => ipcRenderer.invoke(INVOKE_CHANNELS.start),
  stop: () => ipcRenderer.invoke(INVOKE_CHANNELS.stop),
  getState: () => ipcRenderer.invoke(INVOKE_CHANNELS.getState),
  getStatePage: (id, index) => ipcRenderer.invoke(INVOKE_CHANNELS.getStatePage, id, index),
  exportReport: () => ipcRenderer.invoke(INVOKE_CHANNELS.exportReport),
  exportData: (kind) => ipcRenderer.invoke(INVOKE_CHANNELS.exportData, kind),
  getSettings: () => ipcRenderer.invoke(INVOKE_CHANNELS.getSettings),
  updateSettings: (patch) => ipcRenderer.invoke(INVOKE_CHANNELS.updateSettings, patch),
  chooseListFile: () => ipcRenderer.invoke(INVOKE_CHANNELS.chooseListFile),
  describeLists: () => ipcRenderer.invoke(INVOKE_CHANNELS.describeLists),
  onBatch: (listener) => subscribe(EVENT_CHANNELS.batch, listener),
  onStatus: (listener) => subscribe(EVENT_CHANNELS.status, listener),
  listSessions: () => ipcRenderer.invoke(INVOKE_CHANNELS.listSessions),
  openSession: (id) => ipcRenderer.invoke(INVOKE_CHANNELS.openSession, id),
  exportSessionReport: (id) => ipcRenderer.invoke(INVOKE_CHANNELS.exportSessionReport, id),
};

contextBridge.exposeInMainWorld('netsentinel', api);
