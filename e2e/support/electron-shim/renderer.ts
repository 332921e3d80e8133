// The 'electron' module as the preload sees it in the browser e2e suite: contextBridge and ipcRenderer
// over the bindings that electron-shim/main.ts exposes. Bundled with src-main/preload.ts into one
// script that the page runs before its own (like Electron runs the preload).
type Listener = (event: { sender: unknown }, payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();
const page = globalThis as unknown as Record<string, unknown>;

interface ShimIpcRenderer {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: Listener): ShimIpcRenderer;
  removeListener(channel: string, listener: Listener): ShimIpcRenderer;
}

export const ipcRenderer: ShimIpcRenderer = {
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const invoke = page['__electronShimInvoke'] as (channel: string, args: unknown[]) => Promise<unknown>;
    return invoke(channel, args);
  },
  on(channel: string, listener: Listener): ShimIpcRenderer {
    const set = listeners.get(channel) ?? new Set<Listener>();
    set.add(listener);
    listeners.set(channel, set);
    return ipcRenderer;
  },
  removeListener(channel: string, listener: Listener): ShimIpcRenderer {
    listeners.get(channel)?.delete(listener);
    return ipcRenderer;
  },
};

/** webContents.send arrives here. */
Object.defineProperty(globalThis, '__electronShimDeliver', {
  value: (channel: string, payload: unknown): void => {
    for (const listener of listeners.get(channel) ?? []) {
      try {
        listener({ sender: ipcRenderer }, payload);
      } catch (error) {
        console.error(error);
      }
    }
  },
});

export const contextBridge = {
  /** Electron hands the main world a frozen copy of the object; the page cannot change the API. */
  exposeInMainWorld(key: string, api: Record<string, unknown>): void {
    Object.defineProperty(globalThis, key, { value: Object.freeze({ ...api }), enumerable: true });
  },
};
