// Inspects the built preload: a sandboxed window can only load one CommonJS file that requires nothing but 'electron'.
import { readdirSync, readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../src-shared/api';
import { API_METHODS } from './api-methods';
import { BUILT, missingBuild } from './build-output';

const skipReason = missingBuild(BUILT.preload);
const source = skipReason ? '' : readFileSync(BUILT.preload, 'utf8');

interface Recorded {
  exposed: Map<string, Record<string, unknown>>;
  invoked: unknown[][];
  listeners: Map<string, Set<(...args: unknown[]) => void>>;
  required: string[];
}

/**
 * Runs the bundle the way Electron's sandboxed preload loader does: a fresh context whose `require`
 * knows only 'electron'. Electron itself cannot start here, so 'electron' is a recorder of the calls.
 */
function runPreload(): Recorded {
  const recorded: Recorded = { exposed: new Map(), invoked: [], listeners: new Map(), required: [] };
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => recorded.exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => {
        recorded.invoked.push(args);
        return `answer to ${String(args[0])}`;
      },
      on: (channel: string, listener: (...args: unknown[]) => void) => {
        const set = recorded.listeners.get(channel) ?? new Set();
        set.add(listener);
        recorded.listeners.set(channel, set);
      },
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => recorded.listeners.get(channel)?.delete(listener),
    },
  };
  const require = (name: string): unknown => {
    recorded.required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`module not found: ${name} (a sandboxed preload can only require electron)`);
  };
  const module = { exports: {} };
  runInNewContext(source, { require, module, exports: module.exports });
  return recorded;
}

describe.skipIf(skipReason)('built preload (out/preload/index.cjs)', () => {
  it('is the only script in out/preload', () => {
    const scripts = readdirSync(BUILT.preloadDir).filter((name) => /\.(c|m)?js$/.test(name));
    expect(scripts).toEqual(['index.cjs']);
  });

  it('is CommonJS: no import or export statements, no dynamic import', () => {
    expect(source).not.toMatch(/^\s*(import|export)\s/m);
    expect(source).not.toMatch(/\bimport\s*\(/);
    expect(source).not.toMatch(/import\.meta/);
  });

  it("requires 'electron' and nothing else", () => {
    const required = [...source.matchAll(/\brequire\s*\(\s*(["'`])([^"'`]+)\1\s*\)/g)].map((m) => m[2]);
    expect(required.length).toBeGreaterThan(0);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(runPreload().required).toEqual(['electron']);
  });

  it('exposes window.netsentinel with exactly the NetSentinelApi methods, and nothing else', () => {
    expect(source).toMatch(/exposeInMainWorld\(\s*["']netsentinel["']/);
    const { exposed } = runPreload();
    expect([...exposed.keys()]).toEqual(['netsentinel']);
    const api = exposed.get('netsentinel') ?? {};
    expect(Object.keys(api).sort()).toEqual(API_METHODS);
    for (const name of API_METHODS) expect(typeof api[name]).toBe('function');
    expect(source).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*[,)]/);
  });

  it('invokes one channel per method and passes only the settings patch, the export kind and the catch-up page', async () => {
    const recorded = runPreload();
    const api = recorded.exposed.get('netsentinel') as Record<string, (...args: unknown[]) => Promise<unknown>>;
    // Methods that pass their arguments on; every other one passes none, whatever it is given.
    const withArguments: Partial<Record<keyof typeof INVOKE_CHANNELS, unknown[]>> = {
      updateSettings: [{ intervalSec: 5 }],
      openSession: ['a.ndjson'],
      exportSessionReport: ['b.ndjson'],
      exportData: ['ecs'],
      getStatePage: ['catch-up-1', 2],
    };
    for (const method of Object.keys(INVOKE_CHANNELS) as (keyof typeof INVOKE_CHANNELS)[]) {
      if (method in withArguments) continue;
      await expect(api[method]?.('ignored extra argument')).resolves.toBe(`answer to ${INVOKE_CHANNELS[method]}`);
    }
    for (const [method, args] of Object.entries(withArguments)) await api[method]?.(...args, 'ignored extra argument');
    expect(recorded.invoked).toEqual([
      ...Object.entries(INVOKE_CHANNELS)
        .filter(([m]) => !(m in withArguments))
        .map(([, channel]) => [channel]),
      ...Object.entries(withArguments).map(([method, args]) => [INVOKE_CHANNELS[method as keyof typeof INVOKE_CHANNELS], ...args]),
    ]);
  });

  it('delivers events to subscribers and removes them on unsubscribe', () => {
    const recorded = runPreload();
    const api = recorded.exposed.get('netsentinel') as Record<string, (listener: (payload: unknown) => void) => () => void>;
    const seen: unknown[] = [];
    const offBatch = api.onBatch?.((batch) => seen.push(['batch', batch]));
    const offStatus = api.onStatus?.((status) => seen.push(['status', status]));
    for (const listener of recorded.listeners.get(EVENT_CHANNELS.batch) ?? []) listener({ sender: 'event' }, { seq: 1 });
    for (const listener of recorded.listeners.get(EVENT_CHANNELS.status) ?? []) listener({ sender: 'event' }, { state: 'running' });
    // The IPC event object must not reach the page.
    expect(seen).toEqual([
      ['batch', { seq: 1 }],
      ['status', { state: 'running' }],
    ]);
    expect(typeof offBatch).toBe('function');
    offBatch?.();
    offStatus?.();
    expect(recorded.listeners.get(EVENT_CHANNELS.batch)?.size).toBe(0);
    expect(recorded.listeners.get(EVENT_CHANNELS.status)?.size).toBe(0);
    expect(() => api.onBatch?.('not a function' as never)).toThrow(/listener must be a function/);
  });
});
