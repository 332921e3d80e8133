// Page-side code for the renderer measurements, handed to page.evaluate (so: self-contained, no imports
// at run time). From one real catch-up batch it synthesises a 10,000-connection table (ports varied):
// the first batch opens every row, each later one changes every row (byte counts, and the state of a
// tenth of them), the worst steady tick the store can get. Batches go through the same window hook
// the preload's ipcRenderer receives main's batches through (electron-shim).
import type { Connection, TickBatch } from '../../src-shared/model';

/** The browser globals used here (this folder is type-checked without the DOM library). */
interface PageGlobals {
  requestAnimationFrame(callback: () => void): number;
  document: { body: { offsetHeight: number } };
  __electronShimDeliver(channel: string, payload: unknown): void;
  __bench?: { makeBatch: (k: number) => TickBatch; next: number; channel: string };
}

export interface BatchTimings {
  /** Store applyBatch (one set()), from the store's performance measure. */
  apply: number[];
  /** applyBatch → React commit (layout effect), from the render probe's measure. */
  commit: number[];
  /** applyBatch → commit → forced style and layout, measured here. */
  layout: number[];
  /** applyBatch → the next animation frame callback (includes waiting for vsync). */
  frame: number[];
}

/**
 * Installs the synthesiser of the batches runBatches delivers: batch k spreads `base`'s rows to `connections`
 * rows, every one changed from batch k-1. It lives in here, not at module level, because page.evaluate sends
 * only this function's own source to the page.
 * `channel`: the batch event channel (EVENT_CHANNELS.batch), passed in because this code runs in the page.
 */
export function installBench(args: { base: TickBatch; connections: number; channel: string }): number {
  const g = globalThis as unknown as PageGlobals;
  function makeBatch(k: number): TickBatch {
    const { base, connections: total } = args;
    const source = base.tables.connections.changed;
    const connections: Connection[] = new Array(total);
    for (let i = 0; i < total; i += 1) {
      const from = source[i % source.length] as Connection;
      connections[i] = {
        ...from,
        localPort: 1024 + ((i * 7) % 64000),
        remotePort: 1024 + ((i * 11) % 64000),
        inode: from.inode + i,
        state: (i + k) % 10 === 0 ? 'CLOSE_WAIT' : 'ESTABLISHED',
        bytesSent: (from.bytesSent ?? 0) + k * 100 + i,
      };
    }
    const time = base.time + k * 1000;
    const changedAlerts = base.changedAlerts.map((alert) => ({ ...alert, count: alert.count + k, lastSeen: time }));
    // A session of its own (seq from 1), so the synthetic rows never mix with the real ones the window holds.
    return {
      ...base,
      startedAt: base.startedAt + 1,
      seq: k,
      time,
      elapsedMs: base.elapsedMs + k * 1000,
      host: { ...base.host, time },
      tables: { ...base.tables, connections: { changed: connections, removed: [], count: total } },
      totals: { ...base.totals, connections: total },
      changedAlerts,
    };
  }

  g.__bench = { makeBatch, next: 1, channel: args.channel };
  return args.base.tables.connections.changed.length;
}

/** Delivers `count` synthetic batches; with `time` true, waits a frame between batches and returns timings. */
export async function runBatches(args: { count: number; time: boolean }): Promise<BatchTimings> {
  const g = globalThis as unknown as PageGlobals;
  const bench = g.__bench;
  if (!bench) throw new Error('installBench first');
  const channel = new MessageChannel();
  const macrotask = (): Promise<void> =>
    new Promise((resolve) => {
      (channel.port1 as unknown as { onmessage: () => void }).onmessage = () => resolve();
      channel.port2.postMessage(0);
    });
  const nextFrame = (): Promise<number> => new Promise((resolve) => g.requestAnimationFrame(() => resolve(performance.now())));

  const timings: BatchTimings = { apply: [], commit: [], layout: [], frame: [] };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === 'netsentinel:applyBatch') timings.apply.push(entry.duration);
      else if (entry.name === 'netsentinel:applyToCommit') timings.commit.push(entry.duration);
    }
  });
  if (args.time) observer.observe({ entryTypes: ['measure'] });
  for (let i = 0; i < args.count; i += 1) {
    const batch = bench.makeBatch(bench.next);
    bench.next += 1;
    if (args.time) await nextFrame();
    const start = performance.now();
    g.__electronShimDeliver(bench.channel, batch);
    const frame = nextFrame();
    await macrotask();
    void g.document.body.offsetHeight;
    timings.layout.push(performance.now() - start);
    timings.frame.push((await frame) - start);
  }
  await macrotask();
  observer.disconnect();
  channel.port1.close();
  return timings;
}
