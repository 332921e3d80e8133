// Against a real rsyslogd started on loopback: what it parsed from our messages is read back from its file.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src-shared/model';
import { alertToEcs } from './ecs';
import { SyslogSink, parseSyslogTarget, type SyslogTarget } from './syslog-sink';
import { alertSyslogMessage } from './alert-syslog';
import { formatSyslog } from './syslog-format';
import { isDisplaySafe } from '../../src-shared/sanitize';

const RSYSLOGD = ['/usr/sbin/rsyslogd', '/sbin/rsyslogd'].find((path) => existsSync(path));
const INSTALL = 'apt-get install -y rsyslog';
if (!RSYSLOGD) console.log(`[syslog] real-daemon tests skipped: rsyslogd not found (${INSTALL})`);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function rsyslogConfig(dir: string, udpPort: number, tcpPort: number): string {
  const fields = [
    'pri',
    'syslogfacility',
    'syslogseverity',
    'timereported',
    'hostname',
    'app-name',
    'procid',
    'msgid',
    'structured-data',
    'msg',
    'protocol-version',
  ];
  return [
    `global(workDirectory="${dir}" maxMessageSize="64k")`,
    'module(load="imudp")',
    'module(load="imtcp")',
    `input(type="imudp" port="${udpPort}" address="127.0.0.1")`,
    `input(type="imtcp" port="${tcpPort}" address="127.0.0.1")`,
    'template(name="fields" type="list" option.jsonf="on") {',
    ...fields.map((name) => `  property(outname="${name}" name="${name}" format="jsonf"${name === 'timereported' ? ' dateFormat="rfc3339"' : ''})`),
    '}',
    `*.* action(type="omfile" file="${dir}/out.log" template="fields")`,
  ].join('\n');
}

type Parsed = Record<string, string>;

async function readParsed(dir: string, count: number): Promise<Parsed[]> {
  const file = join(dir, 'out.log');
  for (let i = 0; i < 100; i++) {
    const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
    if (lines.length >= count) return lines.map((line) => JSON.parse(line) as Parsed);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`rsyslogd wrote fewer than ${count} messages`);
}

const alert: Alert = {
  id: 'non-standard-port:4242|203.0.113.20:4444',
  ruleId: 'non-standard-port',
  techniqueId: 'T1571',
  severity: 'HIGH',
  title: 'Session to 203.0.113.20:4444 ("Metasploit") by nc]"\\',
  description: 'port 4444',
  firstSeen: Date.UTC(2026, 10, 29, 10, 0, 0),
  lastSeen: Date.UTC(2026, 10, 29, 10, 0, 2),
  count: 2,
  destination: { address: '203.0.113.20', port: 4444 },
  process: { pid: 4242, name: 'nc', ppid: 1 },
  evidence: { port: 4444 },
};
const HOST = { name: 'web-01', os: 'Linux', platform: 'linux' };

describe.skipIf(!RSYSLOGD)('syslog to a real rsyslogd', () => {
  let dir = '';
  let daemon: ChildProcess | undefined;
  let udp: SyslogTarget;
  let tcp: SyslogTarget;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ns-rsyslog-'));
    const [udpPort, tcpPort] = [await freePort(), await freePort()];
    udp = { transport: 'udp', host: '127.0.0.1', port: udpPort };
    tcp = { transport: 'tcp', host: '127.0.0.1', port: tcpPort };
    writeFileSync(join(dir, 'rsyslog.conf'), rsyslogConfig(dir, udpPort, tcpPort));
    daemon = spawn(RSYSLOGD as string, ['-n', '-f', join(dir, 'rsyslog.conf'), '-i', join(dir, 'pid')], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !(await listening(tcpPort)); i++) await new Promise((r) => setTimeout(r, 50));
  });

  afterAll(() => {
    daemon?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers RFC 5424 over UDP and TCP (octet counting) that rsyslog parses field by field', async () => {
    const viaUdp = new SyslogSink(udp);
    const viaTcp = new SyslogSink(tcp);
    viaUdp.send(alertSyslogMessage(alert, HOST, 'alert-created', 7));
    viaTcp.send(alertSyslogMessage({ ...alert, severity: 'CRITICAL' }, HOST, 'alert-updated', 7));
    const parsed = await readParsed(dir, 2);
    await Promise.all([viaUdp.close(), viaTcp.close()]);
    const [first, second] = parsed.sort((a, b) => Number(b['syslogseverity']) - Number(a['syslogseverity']));
    expect(first).toMatchObject({
      'protocol-version': '1',
      syslogfacility: '4',
      syslogseverity: '3',
      hostname: 'web-01',
      'app-name': 'netsentinel',
      procid: '7',
      msgid: 'T1571',
      timereported: '2026-11-29T10:00:02.000Z',
    });
    expect(first?.['structured-data']).toContain('alert_id="non-standard-port:4242|203.0.113.20:4444"');
    expect(first?.['structured-data']).toContain('dst="203.0.113.20:4444"');
    const ecs = JSON.parse((first?.['msg'] ?? '').replace(/^\uFEFF/, '')) as unknown;
    expect(ecs).toEqual(JSON.parse(JSON.stringify(alertToEcs(alert, HOST, 'alert-created'))));
    expect(second).toMatchObject({ syslogseverity: '2', msgid: 'T1571' });
    expect(viaUdp.stats()).toMatchObject({ sent: 1, failed: 0, dropped: 0 });
    expect(viaTcp.stats()).toMatchObject({ sent: 1, failed: 0, dropped: 0 });
  });
});

async function listening(port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('a dead collector', () => {
  it('costs a warning and counters, and send never waits', async () => {
    const port = await freePort();
    const problems: (string | undefined)[] = [];
    const sink = new SyslogSink({ transport: 'tcp', host: '127.0.0.1', port }, { maxQueue: 5, onProblem: (p) => problems.push(p) });
    for (let i = 0; i < 8; i++) sink.send(alertSyslogMessage(alert, HOST, 'alert-updated', 7));
    for (let i = 0; i < 50 && problems.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/syslog tcp:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED.*still in the report/);
    expect(sink.stats()).toMatchObject({ sent: 0, dropped: 3, queued: 5 });
    expect(sink.stats().failed).toBeGreaterThan(0);
    await sink.close(0);
    expect(sink.stats()).toMatchObject({ dropped: 8, queued: 0 });
  });
});

describe('parseSyslogTarget', () => {
  it('reads UDP, TCP and IPv6 targets and names what is wrong', () => {
    expect(parseSyslogTarget('127.0.0.1:514')).toEqual({ transport: 'udp', host: '127.0.0.1', port: 514 });
    expect(parseSyslogTarget('tcp://siem.example:6514')).toEqual({ transport: 'tcp', host: 'siem.example', port: 6514 });
    expect(parseSyslogTarget('udp://[::1]:514')).toEqual({ transport: 'udp', host: '::1', port: 514 });
    expect(parseSyslogTarget('siem.example')).toHaveProperty('error');
    expect(parseSyslogTarget('tcp://h:70000')).toHaveProperty('error');
    expect(parseSyslogTarget('http://h:514')).toEqual({ error: 'unknown syslog transport "http" (use udp or tcp)' });
  });
});

describe('hostile host text in syslog messages', () => {
  it('keeps controls, bidi overrides and line separators out of the bytes, and the ECS document intact', () => {
    const hostile: Alert = { ...alert, title: 'x\nforged line\u202e', process: { pid: 4242, name: '\u001b[2J\u009bnc\u2028', ppid: 1 } };
    const message = alertSyslogMessage(hostile, HOST, 'alert-created', 7);
    const text = formatSyslog(message);
    expect(isDisplaySafe(text)).toBe(true);
    expect(text).toContain('process="\\\\x1b[2J\\\\x9bnc\\\\u2028"');
    expect(JSON.parse(message.message)).toEqual(JSON.parse(JSON.stringify(alertToEcs(hostile, HOST, 'alert-created'))));
  });
});
