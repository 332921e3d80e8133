import { describe, expect, it } from 'vitest';
import type { Connection, HostSnapshot, ListeningPort, ProcessInfo } from '../../../src-shared/model';
import { makeSnapshot, proc, processInfo, runRule, T0, tcp, udp } from '../test-support';
import { relayProcessRule } from './relay-process';

const HOST = '192.168.1.10';
const listen = (port: number, pid: number, name: string, address = '0.0.0.0'): ListeningPort => ({
  protocol: 'tcp',
  family: 4,
  address,
  port,
  inode: 10_000 + port,
  process: proc(pid, name),
});
const accepted = (port: number, client: string, pid: number, name: string, ppid = 1) =>
  tcp(`${HOST}:${port}`, client, { direction: 'inbound', process: proc(pid, name, { ppid }) });
const outbound = (localPort: number, remote: string, pid: number, name: string, ppid = 1) =>
  tcp(`${HOST}:${localPort}`, remote, { process: proc(pid, name, { ppid }) });

/** The same picture for `count` ticks one second apart. */
function hold(count: number, picture: { connections: Connection[]; listening?: ListeningPort[]; processes?: ProcessInfo[] }): HostSnapshot[] {
  return Array.from({ length: count }, (_, i) => makeSnapshot({ time: T0 + i * 1000, listening: [], processes: [], ...picture }));
}

describe('relay-process rule (T1090)', () => {
  it('flags a socat fork child relaying a LAN client to an external host, HIGH, naming both ends', () => {
    // socat TCP-LISTEN:8000,fork TCP:203.0.113.20:7443 — the child (pid 61) holds both legs.
    const picture = {
      listening: [listen(8000, 60, 'socat')],
      connections: [accepted(8000, '192.168.1.66:51000', 61, 'socat', 60), outbound(42000, '203.0.113.20:7443', 61, 'socat', 60)],
      processes: [processInfo(60, 1, 'socat'), processInfo(61, 60, 'socat')],
    };
    const ticks = runRule(relayProcessRule(), hold(3, picture));
    expect(ticks.map((t) => t.length)).toEqual([0, 1, 1]);
    expect(ticks[1]?.[0]).toMatchObject({
      severity: 'HIGH',
      key: 'relay|socat|8000|203.0.113.20:7443',
      source: { address: '192.168.1.66', port: 51000 },
      destination: { address: '203.0.113.20', port: 7443 },
      evidence: { kind: 'per-connection-relay', inboundClient: '192.168.1.66:51000', inboundLocal: '192.168.1.10:8000', externalEnd: true, networkTool: true },
    });
  });

  it('counts a quiet tick (the very same host arrays again) as a tick seen, and forgets a leg gone at the next full tick', () => {
    const picture = {
      listening: [listen(8000, 60, 'socat')],
      connections: [accepted(8000, '192.168.1.66:51000', 61, 'socat', 60), outbound(42000, '203.0.113.20:7443', 61, 'socat', 60)],
      processes: [processInfo(60, 1, 'socat'), processInfo(61, 60, 'socat')],
    };
    const [first] = hold(1, picture) as [HostSnapshot];
    const quiet = { ...first, time: T0 + 2000 };
    // The relay is gone, then back with the same sockets: a fresh start, seen for one tick only.
    const gone = { ...first, time: T0 + 4000, connections: [] };
    const back = { ...first, time: T0 + 6000, connections: [...picture.connections] };
    const ticks = runRule(relayProcessRule(), [first, quiet, gone, back]);
    expect(ticks.map((t) => t.length)).toEqual([0, 1, 0, 0]);
    expect(ticks[1]?.[0]).toMatchObject({ severity: 'HIGH', key: 'relay|socat|8000|203.0.113.20:7443' });
  });

  it('rates a peer-to-peer program (external peers in, several external peers out, opened together) MEDIUM, not HIGH', () => {
    const picture = {
      listening: [listen(6881, 70, 'qbittorrent')],
      connections: [
        accepted(6881, '198.51.100.7:51000', 70, 'qbittorrent', 1),
        ...['203.0.113.5:6881', '203.0.113.9:51413', '198.51.100.40:6889'].map((peer, i) => outbound(43000 + i, peer, 70, 'qbittorrent', 1)),
      ],
      processes: [processInfo(70, 1, 'qbittorrent')],
    };
    const findings = runRule(relayProcessRule(), hold(3, picture)).flat();
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.severity === 'MEDIUM' || f.severity === 'LOW')).toBe(true);
    expect(findings[0]?.evidence).toMatchObject({ peerToPeerShape: true, externalPeers: 3 });
  });

  it('joins the two nc of a fifo pipeline under one shell', () => {
    // bash -c 'nc -l -p 9000 < /tmp/f | nc 203.0.113.20 40000 > /tmp/f'
    const processes = [processInfo(70, 1, 'bash'), processInfo(71, 70, 'nc'), processInfo(72, 70, 'nc')];
    const picture = {
      processes,
      connections: [accepted(9000, '10.0.0.7:40100', 71, 'nc', 70), outbound(43000, '203.0.113.20:40000', 72, 'nc', 70)],
    };
    const findings = runRule(relayProcessRule(), hold(2, picture)).flat();
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('HIGH');
    expect(findings[0]?.evidence.processes).toEqual(['nc (pid 71)', 'nc (pid 72)']);
  });

  it('knows an accepted leg after nc -l closed its listener, by port ranges or a listener seen before', () => {
    // ncat -l 2323 stops listening once its client arrives; no direction mark, no listener in view.
    const processes = [processInfo(70, 1, 'bash'), processInfo(71, 70, 'ncat'), processInfo(72, 70, 'nc')];
    const legs = [
      tcp(`${HOST}:2323`, '10.0.0.7:59640', { direction: 'outbound', process: proc(71, 'ncat', { ppid: 70 }) }),
      outbound(39358, '203.0.113.20:9999', 72, 'nc', 70),
    ];
    expect(runRule(relayProcessRule(), hold(2, { processes, connections: legs })).flat()[0]?.evidence.inboundClient).toBe('10.0.0.7:59640');
    // A listener on a port inside the ephemeral range, seen once before the client came.
    const high = [tcp(`${HOST}:40001`, '10.0.0.7:59641', { direction: 'outbound', process: proc(71, 'ncat', { ppid: 70 }) }), legs[1] as Connection];
    const seenListening = makeSnapshot({ time: T0 - 1000, processes, listening: [listen(40001, 71, 'ncat')] });
    const snaps = [seenListening, ...hold(2, { processes, connections: high })];
    expect(runRule(relayProcessRule(), snaps).flat()).toHaveLength(1);
    expect(runRule(relayProcessRule(), snaps.slice(1)).flat()).toEqual([]);
  });

  it('rates a long-lived outbound leg (ssh -L style) MEDIUM', () => {
    const server = outbound(40022, '203.0.113.20:22', 80, 'ssh');
    const local = tcp('127.0.0.1:8080', '127.0.0.1:51500', { direction: 'inbound', process: proc(80, 'ssh') });
    const base = { listening: [listen(8080, 80, 'ssh', '127.0.0.1')] };
    const snaps = [
      ...hold(5, { ...base, connections: [server] }),
      ...hold(3, { ...base, connections: [server, local] }).map((s, i) => ({ ...s, time: T0 + (5 + i) * 1000 })),
    ];
    const findings = runRule(relayProcessRule(), snaps);
    expect(
      findings
        .slice(0, 5)
        .flat()
        .map((f) => f.evidence.kind),
    ).toEqual(['waiting-forwarder', 'waiting-forwarder', 'waiting-forwarder', 'waiting-forwarder']);
    expect(findings[1]?.[0]?.severity).toBe('LOW');
    const relay = findings.slice(5).flat();
    expect(relay.map((f) => [f.severity, f.evidence.kind])).toEqual([
      ['MEDIUM', 'multiplexing-forwarder'],
      ['MEDIUM', 'multiplexing-forwarder'],
    ]);
  });

  it('stays quiet for a web server that talks to a local database, proxies by trade, and brief pairs', () => {
    const web = [
      accepted(443, '203.0.113.77:50000', 90, 'node'),
      tcp(`127.0.0.1:45000`, '127.0.0.1:5432', { process: proc(90, 'node') }),
      accepted(443, '203.0.113.78:50001', 91, 'nginx'),
      outbound(45001, '10.0.0.9:8080', 91, 'nginx'),
    ];
    expect(runRule(relayProcessRule(), hold(3, { connections: web, listening: [listen(443, 90, 'node')] })).flat()).toEqual([]);
    const brief = {
      connections: [accepted(8000, '192.168.1.66:51000', 61, 'socat'), outbound(42000, '203.0.113.20:7443', 61, 'socat')],
      listening: [listen(8000, 60, 'socat')],
    };
    expect(runRule(relayProcessRule(), hold(1, brief)).flat()).toEqual([]);
  });

  it('rates an all-internal relay MEDIUM and skips a server with many clients', () => {
    const internal = {
      listening: [listen(3389, 61, 'agent')],
      connections: [accepted(3389, '192.168.1.66:51000', 61, 'agent'), outbound(42000, '192.168.1.22:3389', 61, 'agent')],
    };
    expect(runRule(relayProcessRule(), hold(2, internal)).flat()[0]?.severity).toBe('MEDIUM');
    const clients = Array.from({ length: 20 }, (_, i) => accepted(8443, `203.0.113.${i + 1}:50000`, 62, 'app'));
    const busy = { listening: [listen(8443, 62, 'app')], connections: [...clients, outbound(42001, '203.0.113.200:443', 62, 'app')] };
    expect(runRule(relayProcessRule(), hold(3, busy)).flat()).toEqual([]);
  });

  it('groups an accepted connection with the leg a child opens for it: ncat --sh-exec and socat EXEC:nc, HIGH', () => {
    // ncat -lk 9090 --sh-exec 'ncat 203.0.113.20 7443': listener 100, per-client fork 101 (holds the
    // accepted socket), sh 102, ncat 103 on the accepted socket (stdin/stdout) with the outbound leg.
    const client = accepted(9090, '192.168.1.66:48290', 101, 'ncat', 100);
    const ncat = {
      listening: [listen(9090, 100, 'ncat')],
      connections: [client, outbound(55102, '203.0.113.20:7443', 103, 'ncat', 102)],
      processes: [
        processInfo(100, 1, 'ncat'),
        processInfo(101, 100, 'ncat'),
        processInfo(102, 101, 'sh'),
        processInfo(103, 102, 'ncat', { stdioSocketInodes: [client.inode, client.inode] }),
      ],
    };
    const found = runRule(relayProcessRule(), hold(3, ncat));
    expect(found.map((t) => t.length)).toEqual([0, 1, 1]);
    expect(found[1]?.[0]).toMatchObject({
      severity: 'HIGH',
      source: { address: '192.168.1.66' },
      destination: { address: '203.0.113.20', port: 7443 },
      evidence: { kind: 'per-connection-relay', outboundByDescendant: 'ncat (pid 103)', descendantStdioIsAcceptedSocket: true },
    });
    // socat TCP-LISTEN:8000,fork EXEC:'nc 203.0.113.20 7443': the fork child accepts, its child nc connects.
    const socat = {
      listening: [listen(8000, 200, 'socat')],
      connections: [accepted(8000, '192.168.1.66:51000', 201, 'socat', 200), outbound(42000, '203.0.113.20:7443', 202, 'nc', 201)],
      processes: [processInfo(200, 1, 'socat'), processInfo(201, 200, 'socat'), processInfo(202, 201, 'nc')],
    };
    expect(runRule(relayProcessRule(), hold(3, socat)).flat()[0]).toMatchObject({ severity: 'HIGH', evidence: { outboundByDescendant: 'nc (pid 202)' } });
  });

  it('leaves alone a server whose worker holds its own long-lived connection, and a login shell under sshd', () => {
    const before = hold(3, {
      listening: [listen(8080, 300, 'gunicorn')],
      connections: [outbound(46000, '203.0.113.50:5671', 301, 'gunicorn', 300)],
      processes: [processInfo(300, 1, 'gunicorn'), processInfo(301, 300, 'gunicorn')],
    });
    const later = hold(3, {
      listening: [listen(8080, 300, 'gunicorn')],
      connections: [accepted(8080, '198.51.100.9:50000', 300, 'gunicorn'), outbound(46000, '203.0.113.50:5671', 301, 'gunicorn', 300)],
      processes: [processInfo(300, 1, 'gunicorn'), processInfo(301, 300, 'gunicorn')],
    }).map((snap, i) => ({ ...snap, time: T0 + (10 + i) * 1000 }));
    expect(runRule(relayProcessRule({ flagWaitingForwarders: false }), [...before, ...later]).flat()).toEqual([]);
    const login = hold(3, {
      connections: [accepted(22, '203.0.113.9:50000', 400, 'sshd'), outbound(47000, '203.0.113.60:443', 402, 'curl', 401)],
      processes: [processInfo(400, 1, 'sshd'), processInfo(401, 400, 'bash'), processInfo(402, 401, 'curl')],
    });
    expect(runRule(relayProcessRule(), login).flat()).toEqual([]);
  });

  it("rates a child's leg MEDIUM when neither it nor its parents are shells or network tools and it is not on the accepted socket", () => {
    const cgi = hold(3, {
      listening: [listen(8081, 500, 'webapp')],
      connections: [accepted(8081, '192.168.1.70:50000', 500, 'webapp'), outbound(48000, '203.0.113.61:443', 501, 'render-worker', 500)],
      processes: [processInfo(500, 1, 'webapp'), processInfo(501, 500, 'render-worker')],
    });
    expect(
      runRule(relayProcessRule(), cgi)
        .flat()
        .map((f) => f.severity),
    ).toEqual(['MEDIUM', 'MEDIUM']);
  });

  it('flags a UDP relay (socat UDP4-LISTEN,fork: the child connects one socket to its client, one to the exit) and pairs no TCP client with a UDP lookup', () => {
    const udpListen: ListeningPort = { protocol: 'udp', family: 4, address: HOST, port: 5300, inode: 15_300, process: proc(600, 'socat') };
    const relay = hold(3, {
      listening: [udpListen],
      connections: [
        udp(`${HOST}:5300`, '192.168.1.66:53405', { direction: 'inbound', process: proc(601, 'socat', { ppid: 600 }) }),
        udp(`${HOST}:33693`, '203.0.113.20:5353', { process: proc(601, 'socat', { ppid: 600 }) }),
      ],
      processes: [processInfo(600, 1, 'socat'), processInfo(601, 600, 'socat')],
    });
    expect(runRule(relayProcessRule(), relay).flat()[0]).toMatchObject({
      severity: 'HIGH',
      source: { address: '192.168.1.66' },
      destination: { address: '203.0.113.20', port: 5353 },
    });
    const lookups = hold(3, {
      listening: [listen(443, 700, 'api')],
      connections: [accepted(443, '198.51.100.4:50000', 700, 'api'), udp(`${HOST}:40000`, '203.0.113.53:53', { process: proc(700, 'api') })],
      processes: [processInfo(700, 1, 'api')],
    });
    expect(runRule(relayProcessRule(), lookups).flat()).toEqual([]);
  });
});
