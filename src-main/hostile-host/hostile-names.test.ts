// Hostile host: processes that rename themselves (prctl PR_SET_NAME) to terminal escape sequences,
// bidi overrides, C1 controls, U+2028 and markup, then connect to a known-bad port so that alerts
// name them. What a person reads — the CLI's terminal (a real pty), its NDJSON stream, and desktop
// notification bodies built from a real session's alerts — must hold none of those characters raw;
// the report keeps each name exactly (JSON escapes it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src-shared/model';
import { isDisplaySafe, sanitizeText } from '../../src-shared/sanitize';
import { notificationContent } from '../app/notifications';
import { MonitorSession } from '../session/monitor-session';
import { CONNECT_SOURCE, hostileHostSkipReason, readJson, readJsonLines, runCli, type CliRun } from './host-processes';
import { HostileScene } from './hostile-scene';

const reason = hostileHostSkipReason();
if (reason) console.log(`[hostile-host] hostile names skipped: ${reason}`);

/** Each at most 15 bytes of UTF-8 (the kernel's comm limit). */
const HOSTILE_NAMES = [
  '\u001b]0;pwned\u0007', // OSC: sets the terminal's title
  '\u001b[2J\u001b[31mX', // clears the screen, turns red
  'ok\u202egnp.exe', // right-to-left override: reads "okexe.png"
  'c1\u009b31mx', // C1 CSI
  'a\u2028b\u2029c', // line and paragraph separators
  '<b>x</b><i>', // markup
  '<img src=x>', // markup
];
/** What the CLI itself writes to redraw its status line on a terminal. */
const STATUS_REDRAW = '\r\u001b[2K';

/** Alerts of a real in-process session (real collector, every rule) after `ticks` ticks. */
async function sessionAlerts(ticks: number): Promise<Alert[]> {
  const session = new MonitorSession({ intervalMs: 500 });
  await session.start();
  while (session.ticks() < ticks) await new Promise((resolve) => setTimeout(resolve, 100));
  await session.stop();
  return session.alerts();
}

describe.skipIf(reason !== undefined)('hostile host: process names chosen to attack the reader', () => {
  const scene = new HostileScene('ns-hostile-names-');
  const { reportPath, processes } = scene;
  let run: CliRun;

  beforeAll(async () => {
    const port = await scene.listen();
    for (const comm of HOSTILE_NAMES) await scene.start(CONNECT_SOURCE, [String(port)], { comm });
    run = await runCli(['monitor', '-d', '3', '-i', '1', '--json-lines', '-o', reportPath], { pty: true });
  }, 60_000);

  afterAll(() => scene.close());

  it('the kernel holds each name as set (the test really is hostile)', () => {
    const report = readJson(reportPath);
    const names = new Map<number, string>(report.network_state.processes.map((p: any) => [p.pid, p.name]));
    expect(processes.map((p) => names.get(p.pid))).toEqual(HOSTILE_NAMES);
  });

  it('the terminal (status line and messages on a real pty) receives no control, bidi or markup character', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(STATUS_REDRAW);
    expect(run.stderr).toMatch(/connections, \d+ listening \| alerts CRITICAL \d+ HIGH [1-9]/);
    // The pty turns each "\n" into "\r\n"; the CLI's own redraw sequence is the only escape allowed.
    const text = run.stderr.split(STATUS_REDRAW).join('\n').replaceAll('\r\n', '\n');
    expect(isDisplaySafe(text, { keepNewlines: true }), JSON.stringify(text)).toBe(true);
    expect(text).not.toMatch(/<b>|<img|<i>/);
  });

  it('the NDJSON stream names every hostile process, escaped, with no raw control or bidi character', () => {
    const unsafe = run.stdout.split('\n').filter((line) => !isDisplaySafe(line));
    expect(unsafe).toEqual([]);
    const alerts = readJsonLines(run.stdout).filter((line) => line.type === 'alert') as { alert: Alert }[];
    const named = new Set(alerts.map((line) => line.alert.process?.name));
    for (const name of HOSTILE_NAMES) expect(named, JSON.stringify(name)).toContain(sanitizeText(name));
  });

  it('the report keeps the raw names (JSON escapes them) in its alerts', () => {
    const report = readJson(reportPath);
    const alerted = new Set(report.threat_events.map((event: any) => event.process?.name));
    for (const name of HOSTILE_NAMES) expect(alerted, JSON.stringify(name)).toContain(name);
  });

  it("notification bodies built from a real session's alerts escape controls and markup", async () => {
    const alerts = (await sessionAlerts(3)).filter((alert) => HOSTILE_NAMES.includes(alert.process?.name ?? ''));
    expect(new Set(alerts.map((alert) => alert.process?.name))).toEqual(new Set(HOSTILE_NAMES));
    for (const alert of alerts) {
      const { title, body } = notificationContent(alert, { bodyIsMarkup: true });
      expect(isDisplaySafe(title), JSON.stringify(title)).toBe(true);
      expect(isDisplaySafe(body, { keepNewlines: true }), JSON.stringify(body)).toBe(true);
      expect(`${title}${body}`).not.toMatch(/<|>/);
    }
    const markup = alerts.find((alert) => alert.process?.name === '<img src=x>') as Alert;
    expect(notificationContent(markup).body).toContain('&lt;img src=x&gt;');
  }, 30_000);
});
