import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openFilesLimit, startSocketFarm, type SocketFarm } from './socket-farm';

function socketFds(pid: number): number {
  let count = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) count += 1;
    } catch {
      /* closed meanwhile */
    }
  }
  return count;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Established TCP sockets owned by pid, as `ss` (iproute2) sees them. */
function establishedOf(pid: number): number {
  const out = execFileSync('ss', ['-tnpH', 'state', 'established'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return out.split('\n').filter((line) => line.includes(`pid=${pid},`)).length;
}

describe('openFilesLimit', () => {
  it('reads soft and hard limits from a real /proc/self/limits', () => {
    const limits = readFileSync(new URL('./fixtures/proc-self-limits.txt', import.meta.url), 'utf8');
    expect(openFilesLimit(limits)).toEqual({ soft: 20000, hard: 20000 });
  });
  it('treats "unlimited" as Infinity', () => {
    expect(openFilesLimit('Max open files            unlimited            unlimited            files\n').hard).toBe(Infinity);
  });
});

describe('startSocketFarm', () => {
  let farm: SocketFarm | undefined;
  afterEach(async () => {
    await farm?.stop();
    farm = undefined;
  });

  it('holds real established loopback pairs in each child, grows them, and leaves nothing behind', async () => {
    farm = await startSocketFarm({ processes: 2, pairsPerChild: 40, maxPairsPerChild: 70, connectBatch: 16 });
    expect(farm.pids).toHaveLength(2);
    expect(farm.members.map((m) => m.pid)).toEqual(farm.pids);
    const listenOut = execFileSync('ss', ['-tnlpH'], { encoding: 'utf8' });
    for (const { pid, port } of farm.members) expect(listenOut).toMatch(new RegExp(`127\\.0\\.0\\.1:${port} .*pid=${pid},`));
    expect(farm.sockets()).toBe(2 * (40 * 2 + 1));
    for (const pid of farm.pids) {
      expect(socketFds(pid)).toBeGreaterThanOrEqual(81);
      expect(establishedOf(pid)).toBe(80);
    }

    await farm.growTo(70);
    expect(farm.pairs()).toBe(140);
    for (const pid of farm.pids) expect(establishedOf(pid)).toBe(140);

    const pids = farm.pids;
    await farm.stop();
    farm = undefined;
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });

  it('resets its connections on stop, so no TIME_WAIT is left on its ports', async () => {
    farm = await startSocketFarm({ processes: 1, pairsPerChild: 30 });
    const [pid] = farm.pids;
    const ports = execFileSync('ss', ['-tnlpH'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes(`pid=${pid},`))
      .map((line) => line.split(/\s+/)[3]?.split(':').pop());
    expect(ports).toHaveLength(1);
    await farm.stop();
    farm = undefined;
    const timeWait = execFileSync('ss', ['-tnH', 'state', 'time-wait'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes(`:${ports[0]} `));
    expect(timeWait).toEqual([]);
  });

  it('gives its children a short command line, like a real program', async () => {
    farm = await startSocketFarm({ processes: 1, pairsPerChild: 1 });
    const cmdline = readFileSync(`/proc/${farm.pids[0]}/cmdline`, 'utf8');
    expect(cmdline.length).toBeLessThan(120);
  });

  it('closes connections that are not its own pairs (a port scan, say) and keeps its own', async () => {
    farm = await startSocketFarm({ processes: 1, pairsPerChild: 10 });
    const [member] = farm.members;
    if (!member) throw new Error('no member');
    const stranger = connect(member.port, '127.0.0.1');
    await new Promise((resolve) => stranger.once('connect', resolve));
    const closed = new Promise((resolve) => stranger.once('close', resolve));
    stranger.on('error', () => {});
    await closed; // within about a second
    expect(establishedOf(member.pid)).toBe(20);
  });

  it('refuses to grow past the size its fd limit was set for', async () => {
    farm = await startSocketFarm({ processes: 1, pairsPerChild: 5 });
    await expect(farm.growTo(6)).rejects.toThrow(/fd limit was sized for 5/);
  });

  it('refuses a child that would need more descriptors than the hard limit allows', async () => {
    const { hard } = openFilesLimit();
    await expect(startSocketFarm({ processes: 1, pairsPerChild: Math.ceil(hard / 2) + 1 })).rejects.toThrow(/hard limit/);
  });
});
