import { describe, expect, it } from 'vitest';
import type si from 'systeminformation';
import { siProcess, siSockets, siState, siSystem } from './portable';

describe('siState', () => {
  it("maps systeminformation's state names onto the shared TCP states", () => {
    expect(siState('tcp', 'ESTAB')).toBe('ESTABLISHED');
    expect(siState('tcp', 'fin-wait-1')).toBe('FIN_WAIT1');
    expect(siState('tcp', 'TIME_WAIT')).toBe('TIME_WAIT');
    expect(siState('tcp', 'LISTEN')).toBe('LISTEN');
  });

  it('gives UNCONN for an unnamed UDP state and UNKNOWN for an unnamed TCP one', () => {
    expect(siState('udp', '')).toBe('UNCONN');
    expect(siState('tcp', 'BOUND')).toBe('UNKNOWN');
    expect(siState('tcp', 'UNKNOWN')).toBe('UNKNOWN');
  });
});

const siProc = (fields: Partial<si.Systeminformation.ProcessesProcessData>): si.Systeminformation.ProcessesProcessData =>
  ({ pid: 42, parentPid: 1, name: 'node', started: '', user: '', command: '', params: '', path: '', ...fields }) as si.Systeminformation.ProcessesProcessData;

describe('siProcess', () => {
  it('joins the path to the name with the platform separator unless the path already ends with it', () => {
    expect(siProcess(siProc({ path: '/usr/bin' }), 'darwin', {}).exe).toBe('/usr/bin/node');
    expect(siProcess(siProc({ path: 'C:\\nodejs' }), 'win32', {}).exe).toBe('C:\\nodejs\\node');
    expect(siProcess(siProc({ path: '/usr/bin/node' }), 'darwin', {}).exe).toBe('/usr/bin/node');
  });

  it('keeps only the fields systeminformation filled', () => {
    expect(siProcess(siProc({}), 'darwin', {})).toEqual({ pid: 42, ppid: 1, name: 'node' });
    const full = siProcess(siProc({ command: 'node', params: 'app.js', user: 'ann', started: '2024-01-02T03:04:05Z' }), 'darwin', {});
    expect(full).toMatchObject({ cmdline: 'node app.js', user: 'ann', startTime: Date.parse('2024-01-02T03:04:05Z') });
  });
});

describe('siSockets', () => {
  it('keeps TCP and UDP sockets, owned when a pid is given, and counts the unowned', () => {
    const conn = (protocol: string, pid: number): si.Systeminformation.NetworkConnectionsData => ({
      protocol,
      localAddress: '10.0.0.2',
      localPort: '5000',
      peerAddress: '10.0.0.9',
      peerPort: '443',
      state: 'ESTABLISHED',
      pid,
      process: '',
    });
    const { sockets, ownerBySocket, unowned } = siSockets([conn('tcp', 7), conn('udp', 0), conn('icmp', 8)]);
    expect(sockets.map((s) => s.protocol)).toEqual(['tcp', 'udp']);
    expect(sockets.map((s) => ownerBySocket.get(s))).toEqual([7, undefined]);
    expect(unowned).toBe(1);
  });
});

describe('siSystem', () => {
  it('sums the rates, errors and drops of every interface; no load or memory reads as 0', () => {
    const nic = { rxRate: 10, txRate: 5, rxErrors: 1, txErrors: 2, rxDropped: 3, txDropped: 4 };
    const interfaces = [nic, nic].map((n, i) => ({ name: `eth${i}`, rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0, ...n }));
    expect(siSystem(undefined, undefined, interfaces)).toEqual({
      cpuPercent: 0,
      memUsedBytes: 0,
      memTotalBytes: 0,
      netRxRate: 20,
      netTxRate: 10,
      netErrors: 6,
      netDrops: 14,
    });
  });
});
