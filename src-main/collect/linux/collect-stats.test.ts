import { describe, expect, it } from 'vitest';
import { fullCollectStats, quietCollectStats } from './collect-stats';
import type { ProcNetSocket } from './proc-net';

const socket = (protocol: 'tcp' | 'udp'): ProcNetSocket => ({ protocol }) as ProcNetSocket;

describe('collect stats', () => {
  it('counts the sockets by protocol and the fd walk calls made between the two readings', () => {
    const stats = fullCollectStats(
      { tablesRead: false, decision: 'unchanged' },
      [socket('tcp'), socket('udp'), socket('tcp')],
      { statCalls: 10, readdirCalls: 2, readlinkCalls: 100 },
      { statCalls: 15, readdirCalls: 3, readlinkCalls: 140 },
    );
    expect(stats).toEqual({
      tablesRead: false,
      decision: 'unchanged',
      tcpSockets: 2,
      udpSockets: 1,
      fdWalk: { statCalls: 5, readdirCalls: 1, readlinkCalls: 40 },
    });
  });

  it('keeps the socket counts of the last full collection on a quiet tick, which reads and walks nothing', () => {
    const full = fullCollectStats(
      { tablesRead: true, decision: 'first-read' },
      [socket('tcp')],
      { statCalls: 0, readdirCalls: 0, readlinkCalls: 0 },
      { statCalls: 1, readdirCalls: 1, readlinkCalls: 1 },
    );
    const none = { statCalls: 0, readdirCalls: 0, readlinkCalls: 0 };
    expect(quietCollectStats(full)).toEqual({ tablesRead: false, decision: 'quiet', tcpSockets: 1, udpSockets: 0, fdWalk: none });
    expect(quietCollectStats(undefined)).toEqual({ tablesRead: false, decision: 'quiet', tcpSockets: 0, udpSockets: 0, fdWalk: none });
  });
});
