import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProcNet } from './proc-net';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
// Sockets opened by the capture script on loopback (see fixtures/capture-info.json).
const info = JSON.parse(fixture('capture-info.json')) as { ports: Record<string, number>; sent12345On: [number, number] };

describe('parseProcNet', () => {
  it('reads IPv4 TCP listeners, connections and TIME_WAIT', () => {
    const { sockets, badLines } = parseProcNet(fixture('proc-net-tcp.txt'), 'tcp');
    expect(badLines).toBe(0);
    expect(sockets).toHaveLength(6);
    const listener = sockets.find((s) => s.localPort === info.ports.tcp4Listen && s.state === 'LISTEN');
    expect(listener).toMatchObject({ protocol: 'tcp', family: 4, localAddress: '127.0.0.1', remoteAddress: '0.0.0.0', remotePort: 0, uid: 0 });
    expect(listener?.inode).toBeGreaterThan(0);
    const [clientPort, serverPort] = info.sent12345On;
    expect(sockets.find((s) => s.localPort === clientPort && s.remotePort === serverPort)?.state).toBe('ESTABLISHED');
    const timeWait = sockets.filter((s) => s.state === 'TIME_WAIT');
    expect(timeWait).toHaveLength(1);
    expect(timeWait[0]).toMatchObject({ inode: 0, localAddress: '127.0.0.1', remotePort: info.ports.tcp4Listen });
    // Without the read time no close time can be derived.
    expect(timeWait[0]?.closedAt).toBeUndefined();
  });

  it("dates a TIME_WAIT socket's close from the kernel timer (03:00001751 = 59.69 s left of 60)", () => {
    const readAt = 1_800_000_000_000;
    const { sockets } = parseProcNet(fixture('proc-net-tcp.txt'), 'tcp', [], readAt);
    const timeWait = sockets.find((s) => s.state === 'TIME_WAIT');
    expect(timeWait?.closedAt).toBe(readAt - 310);
    expect(sockets.filter((s) => s.closedAt !== undefined)).toHaveLength(1);
  });

  it('reads IPv6 and shows IPv4-mapped addresses as IPv4', () => {
    const { sockets, badLines } = parseProcNet(fixture('proc-net-tcp6.txt'), 'tcp');
    expect(badLines).toBe(0);
    const v6Listener = sockets.find((s) => s.localPort === info.ports.tcp6Listen && s.state === 'LISTEN');
    expect(v6Listener).toMatchObject({ family: 6, localAddress: '::1', remoteAddress: '::' });
    const dual = sockets.find((s) => s.localPort === info.ports.dualListen && s.state === 'LISTEN');
    expect(dual).toMatchObject({ family: 6, localAddress: '::' });
    const mapped = sockets.find((s) => s.localPort === info.ports.dualListen && s.state === 'ESTABLISHED');
    expect(mapped).toMatchObject({ family: 4, localAddress: '127.0.0.1', remoteAddress: '127.0.0.1' });
    const v6Conn = sockets.find((s) => s.remotePort === info.ports.tcp6Listen);
    expect(v6Conn).toMatchObject({ family: 6, state: 'ESTABLISHED', localAddress: '::1', remoteAddress: '::1' });
  });

  it('reads UDP: bound sockets are UNCONN, connected ones ESTABLISHED', () => {
    const v4 = parseProcNet(fixture('proc-net-udp.txt'), 'udp');
    const v6 = parseProcNet(fixture('proc-net-udp6.txt'), 'udp');
    expect(v4.badLines + v6.badLines).toBe(0);
    expect(v4.sockets.find((s) => s.localPort === info.ports.udp4)).toMatchObject({ protocol: 'udp', state: 'UNCONN', family: 4 });
    expect(v4.sockets.find((s) => s.remotePort === info.ports.udp4)).toMatchObject({ state: 'ESTABLISHED', remoteAddress: '127.0.0.1' });
    expect(v6.sockets.find((s) => s.localPort === info.ports.udp6)).toMatchObject({ state: 'UNCONN', localAddress: '::1', family: 6 });
    expect(v6.sockets.find((s) => s.localPort === info.ports.udp6dual)).toMatchObject({ localAddress: '::' });
    expect(v6.sockets.find((s) => s.remotePort === info.ports.udp6)).toMatchObject({ state: 'ESTABLISHED', remoteAddress: '::1' });
  });

  it('skips and counts a truncated line and garbage, keeping the good lines', () => {
    const lines = fixture('proc-net-tcp.txt').split('\n');
    const good = lines.slice(1).filter((l) => l.trim()).length;
    const truncated = (lines[3] ?? '').slice(0, 60);
    const text = [
      lines[0],
      lines[1],
      truncated,
      'garbage here',
      '\u0000\u0001binary',
      '   9: ZZZZZZZZ:0016 00000000:0000 0A 0:0 0:0 0 0 0 12 1',
      ...lines.slice(2),
    ].join('\n');
    const { sockets, badLines } = parseProcNet(text, 'tcp');
    expect(badLines).toBe(4);
    expect(sockets).toHaveLength(good);
  });

  it('parses lines spaced unlike the kernel through the tokenizing path, with the same result', () => {
    const text = fixture('proc-net-tcp6.txt');
    const respaced = text
      .split('\n')
      .map((l) => l.replace(/ +/g, ' \t '))
      .join('\n');
    expect(respaced).not.toBe(text);
    expect(parseProcNet(respaced, 'tcp')).toEqual(parseProcNet(text, 'tcp'));
  });

  it('returns nothing for empty input', () => {
    expect(parseProcNet('', 'udp')).toEqual({ sockets: [], badLines: 0 });
  });
});
