import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { nodeProcFs, readTextFile, runCommand } from '../io';
import { LinuxCollector } from './collector';
import { ProcessTable } from './processes';
import { TransientProcesses } from './transient-processes';

/** A real process that lives `lifeMs` with `marker` among its arguments. */
function briefProcess(lifeMs: number, marker: string): { pid: number; exited: Promise<void> } {
  const child = spawn(process.execPath, ['-e', `setTimeout(() => {}, ${lifeMs})`, marker], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { pid: child.pid ?? -1, exited };
}

describe.skipIf(process.platform !== 'linux')('transient processes (real processes, real /proc)', () => {
  it('a process described while it lived keeps its command line after it exited', async () => {
    const table = new ProcessTable(readTextFile, nodeProcFs);
    const transients = new TransientProcesses((pid) => table.glance(pid));
    const child = briefProcess(300, '10.77.9.9');
    transients.created(child.pid - 1, child.pid);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await transients.look();
    await child.exited;
    const [ref] = transients.take().filter((p) => p.pid === child.pid);
    expect(ref?.cmdline).toContain('10.77.9.9');
    expect(transients.take()).toEqual([]);
  });

  it('glances at the 64 newest pending pids, keeps only command lines with an address, at most 32; pids that wrapped around are skipped', async () => {
    const glanced: number[] = [];
    const transients = new TransientProcesses(async (pid) => {
      glanced.push(pid);
      // a flood of address-less processes (pid < 1090) around a few that name hosts
      return { pid, name: 'p', cmdline: pid >= 1090 ? `nc -z 10.0.0.${pid - 1000} 80` : 'true' };
    });
    transients.created(1000, 1100);
    await transients.look();
    expect(glanced).toEqual(Array.from({ length: 64 }, (_, i) => 1100 - i));
    expect(transients.take().map((p) => p.pid)).toEqual(Array.from({ length: 11 }, (_, i) => 1090 + i));
    transients.created(2000, 5);
    await transients.look();
    expect(glanced).toHaveLength(64);
    const all = new TransientProcesses(async (pid) => ({ pid, name: 'nmap', cmdline: `nmap 10.1.0.${pid % 250}` }));
    all.created(3000, 3100);
    await all.look();
    expect(all.take()).toHaveLength(32);
  });

  it('the collector hands the next tick a process that started and exited between two ticks', async () => {
    const collector = new LinuxCollector({
      fileReader: readTextFile,
      commandRunner: runCommand,
      procFs: nodeProcFs,
      tcpInfo: false,
      maxQuietMs: 0,
      lowLevelWatchMs: 100,
    });
    await collector.collect();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const child = briefProcess(400, '10.77.9.8');
    await child.exited;
    const snapshot = await collector.collect();
    const seen = (snapshot.transientProcesses ?? []).find((p) => p.pid === child.pid);
    expect(seen?.cmdline).toContain('10.77.9.8');
    expect(snapshot.processes.some((p) => p.pid === child.pid)).toBe(false);
  });
});
