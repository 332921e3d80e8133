import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostSnapshot } from '../../../src-shared/model';
import { nodeProcFs, readTextFile, runCommand } from '../io';
import { LinuxCollector } from './collector';

describe.skipIf(process.platform !== 'linux')('LinuxCollector quiet ticks (real /proc)', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });

  function collectorWithReads(): { collector: LinuxCollector; reads: string[] } {
    const reads: string[] = [];
    const fileReader = async (path: string): Promise<string> => {
      reads.push(path);
      return readTextFile(path);
    };
    return { collector: new LinuxCollector({ fileReader, commandRunner: runCommand, procFs: nodeProcFs, tcpInfo: false }), reads };
  }

  /** The first quiet tick and the full one before it, or undefined. */
  async function untilQuiet(
    collector: LinuxCollector,
    reads: string[] = [],
  ): Promise<{ full: HostSnapshot; quiet: HostSnapshot; quietReads: string[] } | undefined> {
    let full = await collector.collect();
    for (let i = 0; i < 40; i++) {
      reads.length = 0;
      const snapshot = await collector.collect();
      if (collector.lastCollectStats()?.decision === 'quiet') return { full, quiet: snapshot, quietReads: [...reads] };
      full = snapshot;
    }
    return undefined;
  }

  it('reuses the last full snapshot while nothing forks or moves a socket, reading no socket table', async (context) => {
    const { collector, reads } = collectorWithReads();
    const ticks = await untilQuiet(collector, reads);
    if (!ticks) {
      console.log('skipped: this host forked or moved a socket before every one of 40 ticks (a busy CI box)');
      context.skip();
      return;
    }
    const { full, quiet, quietReads } = ticks;
    expect(quietReads.filter((path) => /^\/proc\/net\/(tcp|udp|raw|icmp)/.test(path) || /^\/proc\/\d+\//.test(path))).toEqual([]);
    expect(collector.lastCollectStats()).toMatchObject({ tablesRead: false, decision: 'quiet', fdWalk: { readlinkCalls: 0 } });
    expect(quiet.time).toBeGreaterThanOrEqual(full.time);
    expect(quiet.system.loadAverage).toHaveLength(3);
    expect(quiet.connections).toBe(full.connections);
    expect(quiet.processes).toBe(full.processes);
  });

  it('collects in full after a fork, and after a new listener (which it shows with its owner)', async () => {
    const { collector } = collectorWithReads();
    await collector.collect();
    await collector.collect();
    spawnSync('true');
    await collector.collect();
    expect(collector.lastCollectStats()?.decision).not.toBe('quiet');

    await collector.collect();
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => server.close());
    const port = (server.address() as net.AddressInfo).port;
    const snapshot = await collector.collect();
    expect(collector.lastCollectStats()?.decision).not.toBe('quiet');
    expect(snapshot.listening.find((l) => l.port === port)?.process?.pid).toBe(process.pid);
  });

  it('with maxQuietMs 0 every tick is a full one', async () => {
    const collector = new LinuxCollector({ fileReader: readTextFile, commandRunner: runCommand, procFs: nodeProcFs, tcpInfo: false, maxQuietMs: 0 });
    for (let i = 0; i < 5; i++) {
      await collector.collect();
      expect(collector.lastCollectStats()?.decision).not.toBe('quiet');
    }
  });
});
