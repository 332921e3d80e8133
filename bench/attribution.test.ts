import { describe, expect, it } from 'vitest';
import { checkAttribution, type SocketRecord } from './attribution';

const members = [
  { pid: 100, port: 40000 },
  { pid: 200, port: 40001 },
];
const rec = (localPort: number, remotePort: number, pid: number | undefined, local = '127.0.0.1', remote = '127.0.0.1'): SocketRecord => ({
  localAddress: local,
  localPort,
  remoteAddress: remote,
  remotePort,
  pid,
});

describe('checkAttribution', () => {
  it('counts listeners, server ends and client ends of each member under its pid', () => {
    const records = [
      rec(40000, 0, 100, '127.0.0.1', '0.0.0.0'), // listener
      rec(40000, 51000, 100), // server end
      rec(51000, 40000, 100), // client end
      rec(40001, 52000, 200),
      rec(52000, 40001, 200),
    ];
    expect(checkAttribution(records, members)).toEqual({ seen: 5, correct: 5, unattributed: 0, wrongPid: 0, foreignGivenFarmPid: 0 });
  });

  it('tells a missing owner from a wrong one', () => {
    const records = [rec(40000, 51000, undefined), rec(51000, 40000, 200)];
    expect(checkAttribution(records, members)).toMatchObject({ seen: 2, correct: 0, unattributed: 1, wrongPid: 1 });
  });

  it('flags other sockets that were given a farm pid, and ignores the rest', () => {
    const records = [rec(22, 53000, 100, '10.0.0.5', '10.0.0.9'), rec(8080, 54000, 999), rec(40000, 51000, 100, '10.0.0.5')];
    expect(checkAttribution(records, members)).toEqual({ seen: 0, correct: 0, unattributed: 0, wrongPid: 0, foreignGivenFarmPid: 2 });
  });
});
