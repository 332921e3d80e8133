import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TECHNIQUES } from '../../src-shared/attack';
import type { HostSnapshot, TickBatch } from '../../src-shared/model';
import { createCollector } from '../collect';
import type { Collector } from '../collect/types';
import type { AnyRule } from '../detect/types';
import { MonitorSession } from './monitor-session';

const realCollector = createCollector();

/** The real collector, slowed down: for checking that ticks never overlap. */
function slowCollector(delayMs: number, track: { active: number; maxActive: number; starts: number[] }): Collector {
  return {
    async collect(): Promise<HostSnapshot> {
      track.active += 1;
      track.maxActive = Math.max(track.maxActive, track.active);
      track.starts.push(Date.now());
      try {
        const snapshot = await realCollector.collect();
        await new Promise((r) => setTimeout(r, delayMs));
        return snapshot;
      } finally {
        track.active -= 1;
      }
    },
  };
}

function collectBatches(session: MonitorSession): TickBatch[] {
  const batches: TickBatch[] = [];
  session.onBatch((b) => batches.push(b));
  return batches;
}

const until = async (condition: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('MonitorSession on the real host', () => {
  let server: Server;
  let client: Socket;
  beforeAll(async () => {
    server = createServer((s) => s.on('error', () => undefined));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    client = connect((server.address() as { port: number }).port, '127.0.0.1');
    await new Promise<void>((r) => client.once('connect', () => r()));
  });
  afterAll(() => {
    client.destroy();
    server.close();
  });

  it('emits one batch per tick with the live connections, and none after stop', async () => {
    const session = new MonitorSession({ intervalMs: 200 });
    const batches = collectBatches(session);
    const states: string[] = [];
    session.onStatus((s) => states.push(s.state));
    await session.start();
    await until(() => batches.length >= 3);
    await session.stop();
    const count = batches.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(batches.length).toBe(count);
    expect(batches.map((b) => b.seq)).toEqual(batches.map((_, i) => i + 1));
    const port = client.localPort;
    expect(session.latestSnapshot()?.connections.some((c) => c.localPort === port && c.process?.pid === process.pid)).toBe(true);
    const sent = batches.flatMap((b) => b.tables.connections.changed);
    expect(sent.some((c) => c.localPort === port && c.process?.pid === process.pid)).toBe(true);
    expect(states).toEqual(['running', 'stopping', 'stopped']);
    expect(session.status()).toMatchObject({ state: 'stopped' });
    expect(session.ticks()).toBe(count);
  });

  it('never overlaps ticks: a slow collection delays the next tick', async () => {
    const track = { active: 0, maxActive: 0, starts: [] as number[] };
    const session = new MonitorSession({ intervalMs: 100, collector: slowCollector(400, track) });
    await session.start();
    await until(() => track.starts.length >= 3);
    await session.stop();
    expect(track.maxActive).toBe(1);
    const gaps = track.starts.slice(1).map((t, i) => t - (track.starts[i] as number));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(390);
  });

  it('keeps ticking when collection or a rule fails, and says so in the batch', async () => {
    let calls = 0;
    const flaky: Collector = {
      async collect() {
        calls += 1;
        if (calls === 1) throw new Error('proc is gone');
        return realCollector.collect();
      },
    };
    const brokenRule: AnyRule = {
      id: 'broken',
      technique: TECHNIQUES.T1571,
      defaultSeverity: 'LOW',
      summary: 'always throws',
      config: {},
      createState: () => ({}),
      evaluate: () => {
        throw new Error('rule bug');
      },
    };
    const session = new MonitorSession({ intervalMs: 100, collector: flaky, rules: [brokenRule] });
    const batches = collectBatches(session);
    await session.start();
    await until(() => batches.length >= 2);
    await session.stop();
    expect(batches[0]?.warnings.join()).toContain('collection failed this tick: proc is gone');
    expect(batches[1]?.warnings.join()).toContain('rule bug');
    expect(batches[1]?.tables.connections.count).toBeGreaterThan(0);
  });

  it('stops by itself after its duration and can be started again as a fresh session', async () => {
    // How many ticks fit in the duration depends on the host's load; that the session ends by itself,
    // no earlier than its duration, and that a restart starts from zero does not.
    const session = new MonitorSession({ intervalMs: 100, durationMs: 450 });
    const batches = collectBatches(session);
    const startedAt = Date.now();
    await session.start();
    await session.whenStopped();
    expect(session.status().state).toBe('stopped');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(440);
    expect(batches.length).toBeGreaterThanOrEqual(1);
    const first = session.buildReport().report_metadata;
    expect(first.ticks).toBe(batches.length);
    await session.start();
    await until(() => session.ticks() >= 1);
    await session.stop();
    const second = session.buildReport().report_metadata;
    expect(second.ticks).toBe(session.ticks());
    expect(Date.parse(second.started_at ?? '')).toBeGreaterThanOrEqual(Date.parse(first.ended_at ?? 'x'));
  });
});
