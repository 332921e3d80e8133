import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { parseBashTimes } from './cpu-time';
import { median } from '../src-shared/stats';

const execFileAsync = promisify(execFile);
const PROC_NET = ['/proc/net/tcp', '/proc/net/tcp6', '/proc/net/udp', '/proc/net/udp6'];

/**
 * What any /proc-based tick must pay at least: reading the four socket tables. The kernel formats
 * every socket as text on each read, so this grows with the socket count whatever the parser does.
 */
export function readProcNetTables(): number {
  let bytes = 0;
  for (const path of PROC_NET) {
    try {
      bytes += readFileSync(path, 'utf8').length;
    } catch {
      // tcp6/udp6 are absent when IPv6 is off
    }
  }
  return bytes;
}

/** CPU time of a bare `node -e 0`, the start-up every CLI run pays before its first line of code (median of runs). */
export async function nodeStartupCpuMs(runs = 5): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const { stdout } = await execFileAsync('bash', ['-c', '"$0" -e 0; times', process.execPath]);
    samples.push(parseBashTimes(stdout).childrenMs);
  }
  return median(samples);
}
