import { spawn } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_SCHEMA } from '../src-shared/report-schema';

const cli = join(import.meta.dirname, '..', 'out', 'cli', 'netsentinel.js');
const built = existsSync(cli);
if (!built) console.log(`skipped CLI tests: ${cli} is missing; run "npm run build:cli" first`);
const validate = new Ajv({ allErrors: true, strict: false }).compile(REPORT_SCHEMA);
const folder = mkdtempSync(join(tmpdir(), 'ns-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], options: { interruptAfterMs?: number } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    if (options.interruptAfterMs) setTimeout(() => child.kill('SIGINT'), options.interruptAfterMs);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function readReport(path: string): Record<string, any> {
  const report = JSON.parse(readFileSync(path, 'utf8'));
  expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  return report;
}

describe.skipIf(!built)('netsentinel monitor (built CLI, real host)', () => {
  let badPortListener: Server;
  let badPortClient: Socket;
  let badPort = 0;
  let dnsSocket: UdpSocket;
  beforeAll(async () => {
    // A UDP socket connected to port 53 and held open (connect() sends nothing): the dns-anomaly
    // rule's persistentSocketMs threshold (default 30 s) decides whether it is an alert.
    dnsSocket = createSocket('udp4');
    await new Promise<void>((r) => dnsSocket.connect(53, '127.0.0.1', () => r()));
    // A session to a known-bad port on loopback, so the report has a real T1571 alert to carry.
    // Any port of the default bad-port list will do; another test run may hold 4444 already.
    let port = 0;
    for (const candidate of [4444, 4445, 31337, 1337]) {
      badPortListener = createServer((s) => s.on('error', () => undefined));
      const listening = await new Promise<boolean>((r) => {
        badPortListener.once('error', () => r(false));
        badPortListener.listen(candidate, '127.0.0.1', () => r(true));
      });
      if (listening) {
        port = candidate;
        break;
      }
    }
    if (!port) throw new Error('every known-bad test port is taken on 127.0.0.1');
    badPort = port;
    badPortClient = connect(port, '127.0.0.1');
    await new Promise<void>((r) => badPortClient.once('connect', () => r()));
  });
  afterAll(() => {
    dnsSocket?.close();
    badPortClient?.destroy();
    badPortListener?.close();
  });

  it('monitor -d 3 writes a schema-valid report and streams alerts as NDJSON', async () => {
    const output = join(folder, 'report.json');
    const result = await run(['monitor', '-d', '3', '-i', '1', '-o', output, '--json-lines']);
    expect(result.code, result.stderr).toBe(0);
    const report = readReport(output);
    expect(report.report_metadata.ticks).toBeGreaterThanOrEqual(2);
    expect(report.network_state.listening_ports.some((p: { port: number }) => p.port === badPort)).toBe(true);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const alertLine = lines.find((l) => l.type === 'alert' && l.alert.techniqueId === 'T1571');
    expect(alertLine, result.stdout).toBeDefined();
    expect(report.threat_events.some((e: { mitre: { technique_id: string } }) => e.mitre.technique_id === 'T1571')).toBe(true);
    expect(lines.filter((l) => l.type === 'tick').map((l) => l.seq)).toEqual(Array.from({ length: report.report_metadata.ticks }, (_, i) => i + 1));
    expect(lines.at(-1)).toMatchObject({ type: 'report', path: output });
    // Without --config: default thresholds, nothing suppressed.
    expect(report.threat_events.filter((e: { id: string }) => e.id.startsWith('dns-anomaly:persistent|'))).toEqual([]);
    expect(report.executive_summary.suppressed).toBe(0);
  }, 20_000);

  it('--config: a suppression keeps its alerts out of the totals, a lowered threshold raises an alert', async () => {
    const output = join(folder, 'configured.json');
    const config = join(folder, 'settings.json');
    writeFileSync(
      config,
      JSON.stringify({
        rules: { 'dns-anomaly': { thresholds: { persistentSocketMs: 1000 } } },
        suppressions: [{ technique: 'T1571', destination: `127.0.0.1:${badPort}`, reason: 'test listener' }],
      }),
    );
    const result = await run(['monitor', '-d', '4', '-i', '1', '--config', config, '-o', output]);
    expect(result.code, result.stderr).toBe(0);
    const report = readReport(output);
    type Event = {
      id: string;
      status: string;
      suppressed_by: unknown;
      destination: { address: string; port: number | null } | null;
      mitre: { technique_id: string };
    };
    const events = report.threat_events as Event[];
    // Other programs on this host may use bad ports too: only this test's listener is suppressed.
    const ours = (e: Event): boolean => e.mitre.technique_id === 'T1571' && e.destination?.address === '127.0.0.1' && e.destination.port === badPort;
    const badPortEvents = events.filter(ours);
    expect(badPortEvents.length).toBeGreaterThan(0);
    for (const event of badPortEvents) {
      expect(event).toMatchObject({
        status: 'suppressed',
        suppressed_by: { technique: 'T1571', destination: `127.0.0.1:${badPort}`, reason: 'test listener' },
      });
    }
    expect(events.filter((e) => !ours(e)).every((e) => e.status === 'active')).toBe(true);
    expect(report.executive_summary.suppressed).toBe(badPortEvents.length);
    expect(report.executive_summary.total_threats).toBe(events.length - badPortEvents.length);
    const dns = events.find((e) => e.id.startsWith('dns-anomaly:persistent|') && e.id.endsWith('|127.0.0.1'));
    expect(dns, JSON.stringify(events.map((e) => e.id))).toMatchObject({ status: 'active' });
  }, 20_000);

  it('--config with a bad value exits 2 naming the file and the field', async () => {
    const config = join(folder, 'bad-settings.json');
    writeFileSync(config, JSON.stringify({ rules: { 'dns-anomaly': { thresholds: { persistentSocketMs: 5 } } } }));
    const result = await run(['monitor', '-d', '1', '--config', config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `netsentinel: --config ${config}: rules.dns-anomaly.thresholds.persistentSocketMs: must be a whole number between 1000 and 86400000 (ms), got 5`,
    );
    const missing = await run(['monitor', '-d', '1', '--config', join(folder, 'none.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--config \S+none\.json: cannot read the file \(ENOENT/);
  }, 20_000);

  it('refuses a HOME_NET broader than /8 from --config and from --home-net (exit 2, one message)', async () => {
    const config = join(folder, 'broad-home-net.json');
    writeFileSync(config, JSON.stringify({ homeNet: ['192.168.0.0/16', '0.0.0.0/0'] }));
    const fromConfig = await run(['monitor', '-d', '1', '--config', config]);
    expect(fromConfig.code).toBe(2);
    expect(fromConfig.stderr).toContain(`netsentinel: --config ${config}: homeNet.1: "0.0.0.0/0" is refused: a prefix shorter than /8`);
    const fromFlag = await run(['monitor', '-d', '1', '--home-net', '::/0']);
    expect(fromFlag.code).toBe(2);
    expect(fromFlag.stderr).toContain('netsentinel: --home-net: "::/0" is refused: a prefix shorter than /8');
  }, 20_000);

  it('SIGINT after 2 s stops early and still writes the report', async () => {
    const output = join(folder, 'interrupted.json');
    const started = Date.now();
    const result = await run(['monitor', '-d', '60', '-i', '1', '-o', output], { interruptAfterMs: 2000 });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('SIGINT received');
    const report = readReport(output);
    expect(report.report_metadata.duration).toBeLessThan(10);
    expect(report.report_metadata.ended_at).not.toBeNull();
  }, 20_000);

  it('an unwritable -o exits non-zero, names the fallback file, and the fallback holds the report', async () => {
    const output = join(folder, 'missing-folder', 'r.json');
    const result = await run(['monitor', '-d', '1', '-i', '1', '-o', output]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`Cannot write the report to ${output}: the folder does not exist (ENOENT)`);
    const fallback = /saved instead to (\S+) \(/.exec(result.stderr)?.[1];
    expect(fallback, result.stderr).toBeDefined();
    try {
      readReport(fallback as string);
    } finally {
      rmSync(fallback as string, { force: true });
    }
  }, 20_000);

  it('--ecs appends one ECS document per alert change, and navigator turns the report into a layer', async () => {
    const output = join(folder, 'ecs-report.json');
    const ecsPath = join(folder, 'alerts.ecs.ndjson');
    const result = await run(['monitor', '-d', '3', '-i', '1', '-o', output, '--ecs', ecsPath, '--syslog', 'tcp://127.0.0.1:9']);
    expect(result.code, result.stderr).toBe(0);
    const docs = readFileSync(ecsPath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const badPortDoc = docs.find((d) => d.threat?.technique?.id === 'T1571' && d.destination?.port === badPort);
    expect(badPortDoc, JSON.stringify(docs.slice(0, 3))).toMatchObject({
      ecs: { version: '9.4.0' },
      event: { kind: 'alert', action: 'alert-created', severity: 73 },
      threat: { framework: 'MITRE ATT&CK' },
    });
    expect(result.stderr).toMatch(/warning: syslog tcp:\/\/127\.0\.0\.1:9: .*ECONNREFUSED/);
    const layerPath = join(folder, 'layer.json');
    const navigator = await run(['navigator', output, '-o', layerPath]);
    expect(navigator.code, navigator.stderr).toBe(0);
    const layer = JSON.parse(readFileSync(layerPath, 'utf8'));
    expect(layer).toMatchObject({ domain: 'enterprise-attack', versions: { layer: '4.5' } });
    expect(layer.techniques.map((t: { techniqueID: string }) => t.techniqueID)).toContain('T1571');
  }, 30_000);

  it('rejects bad arguments with a clear message and exit code 2', async () => {
    const result = await run(['monitor', '-d', 'soon']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--duration: must be a number of seconds above 0 and at most 604800, got "soon"');
    const falseIsNotTrue = await run(['monitor', '-d', '1', '--json-lines=false']);
    expect(falseIsNotTrue.code).toBe(2);
    expect(falseIsNotTrue.stdout).toBe('');
    expect(falseIsNotTrue.stderr).toContain('--json-lines takes no value');
    const badSyslog = await run(['monitor', '--syslog', 'http://h:514']);
    expect(badSyslog.stderr).toContain('--syslog: unknown syslog transport "http" (use udp or tcp)');
    const bothStdout = await run(['monitor', '--json-lines', '--ecs', '-']);
    expect(bothStdout.stderr).toContain('--ecs - and --json-lines both write to stdout');
  });
});
