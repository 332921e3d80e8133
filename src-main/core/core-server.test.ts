// The core's request loop over a real MessagePort pair (node:worker_threads), with the real session.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreToMain, MainToCore } from '../../src-shared/core-protocol';
import { isCoreToMain } from '../../src-shared/core-protocol';
import { DEFAULT_SETTINGS } from '../../src-shared/settings';
import { serveCore } from './core-server';
import { SessionController } from './session-controller';
import { createMonitorSession, enrichmentStatus } from './session-factory';

const opened: MessagePort[] = [];
afterEach(() => {
  for (const port of opened.splice(0)) port.close();
});

function connect(): { received: CoreToMain[]; send(message: unknown): void; next(match: (m: CoreToMain) => boolean): Promise<CoreToMain> } {
  const { port1: main, port2: core } = new MessageChannel();
  opened.push(main, core);
  const received: CoreToMain[] = [];
  const waiters: { match: (m: CoreToMain) => boolean; resolve: (m: CoreToMain) => void }[] = [];
  main.on('message', (data: unknown) => {
    if (!isCoreToMain(data)) throw new Error(`not the protocol: ${JSON.stringify(data)}`);
    received.push(data);
    for (const waiter of [...waiters])
      if (waiter.match(data)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(data);
      }
  });
  serveCore(
    { post: (message) => core.postMessage(message), onMessage: (listener) => core.on('message', listener) },
    new SessionController(createMonitorSession, 'this-host'),
    4242,
    enrichmentStatus,
  );
  return {
    received,
    send: (message) => main.postMessage(message),
    next: (match) => {
      const found = received.find(match);
      return found ? Promise.resolve(found) : new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

const response =
  (id: number) =>
  (m: CoreToMain): boolean =>
    m.kind === 'response' && m.id === id;

describe('serveCore', () => {
  it('says it is ready, answers each request by id, and streams status and batches of a real session', async () => {
    const link = connect();
    expect(await link.next((m) => m.kind === 'ready')).toEqual({ kind: 'ready', pid: 4242 });
    link.send({ kind: 'request', id: 1, method: 'getState', params: {} } satisfies MainToCore);
    expect(await link.next(response(1))).toEqual({
      kind: 'response',
      id: 1,
      ok: true,
      value: { status: { state: 'idle', hostname: 'this-host' }, alerts: [] },
    });
    link.send({ kind: 'request', id: 2, method: 'start', params: { settings: { ...DEFAULT_SETTINGS, intervalSec: 0.5 } } } satisfies MainToCore);
    expect(await link.next(response(2))).toMatchObject({ ok: true, value: { state: 'running' } });
    const batch = await link.next((m) => m.kind === 'event' && m.event === 'batch');
    expect(batch).toMatchObject({ event: 'batch', payload: { seq: 1 } });
    link.send({ kind: 'request', id: 3, method: 'stop', params: {} } satisfies MainToCore);
    expect(await link.next(response(3))).toMatchObject({ ok: true, value: { state: 'stopped' } });
    expect(link.received.some((m) => m.kind === 'event' && m.event === 'status' && m.payload.state === 'running')).toBe(true);
    link.send({ kind: 'request', id: 4, method: 'buildReport', params: {} } satisfies MainToCore);
    const report = await link.next(response(4));
    expect(report).toMatchObject({ ok: true, value: { detail: 'full', text: expect.any(String) } });
    const { text } = (report as { value: { text: string } }).value;
    expect((JSON.parse(text) as { report_metadata: { ticks: number } }).report_metadata.ticks).toBeGreaterThanOrEqual(1);
  });

  it('ignores what is not a request and answers a failing request with its error', async () => {
    const link = connect();
    link.send({ kind: 'request', id: 1, method: 'exec', params: {} });
    link.send('start');
    link.send({ kind: 'request', id: 2, method: 'restore', params: { settings: DEFAULT_SETTINGS, seed: null } });
    const failed = await link.next(response(2));
    expect(failed).toMatchObject({ kind: 'response', id: 2, ok: false });
    expect(link.received.filter((m) => m.kind === 'response').map((m) => (m as { id: number }).id)).toEqual([2]);
  });
});
