// The dashboard against attacker-chosen host data: a real process whose name holds a right-to-left
// override and a C1 control, and thousands of alerts pushed through the page's batch hook.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Page } from 'playwright-core';
import { EVENT_CHANNELS } from '../src-shared/api';
import { emptySeverityCounts, type Alert, type Severity, type TickBatch } from '../src-shared/model';
import { isDisplaySafe, sanitizeText } from '../src-shared/sanitize';
import { BAD_PORTS, listenOnFirstFree } from '../src-main/hostile-host/host-processes';
import { expect, skipReason, test } from './support/fixtures';
import { openLoopbackPair } from './support/sockets';
import { median, percentile } from './support/stats';

const reason = skipReason();
if (reason) console.log(`[hostile-renderer.spec] skipped: ${reason}`);
test.skip(reason !== undefined, reason);
test.describe.configure({ mode: 'serial' });
test.use({ trace: 'off' });

/** 12 bytes, under the 15 of a comm: "ok", RIGHT-TO-LEFT OVERRIDE, "gnp.", CSI (a C1 control), "x". */
const HOSTILE_NAME = 'ok\u202egnp.\u009bx';
/** Markup as a process name (11 bytes), for a process whose command line also carries secrets. */
const MARKUP_NAME = '<img src=x>';
const SECRET_ARGS = ['--password=hunter2', '-H', 'Authorization: Bearer tok3nBearer', 'https://bob:urlPassw0rd@example.test/'];
const SECRETS = ['hunter2', 'tok3nBearer', 'urlPassw0rd'];

/** A python3 process that renames itself (PR_SET_NAME through /proc/self/comm) and connects to `port`; `extra` lands in its command line. */
async function spawnHostileClient(port: number, name = HOSTILE_NAME, extra: readonly string[] = []): Promise<ChildProcess> {
  const source = [
    'import socket, sys, time',
    "open('/proc/self/comm', 'w').write(sys.argv[1])",
    "s = socket.create_connection(('127.0.0.1', int(sys.argv[2])))",
    "print('ready', flush=True)",
    'time.sleep(120)',
  ].join('\n');
  const child = spawn('python3', ['-c', source, name, String(port), ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`hostile client exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
  });
  return child;
}

/** Page side: the data of every text node the app rendered (what a person reads), and every title attribute. */
function appTextNodes(): string[] {
  type Node = { nodeValue: string | null };
  type Doc = {
    getElementById(id: string): unknown;
    createTreeWalker(root: unknown, what: number): { nextNode(): Node | null };
    querySelectorAll(selector: string): Iterable<{ getAttribute(name: string): string | null }>;
  };
  const doc = (globalThis as unknown as { document: Doc }).document;
  const walker = doc.createTreeWalker(doc.getElementById('root'), 4 /* NodeFilter.SHOW_TEXT */);
  const texts: string[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node.nodeValue ?? '');
  for (const element of doc.querySelectorAll('#root [title]')) texts.push(element.getAttribute('title') ?? '');
  return texts;
}

/** Selects, among the first T1571 alerts, the one whose evidence names `pid`; true when found. */
async function selectAlertOf(page: Page, pid: number): Promise<boolean> {
  const rows = page
    .getByTestId('alert-list')
    .locator('li')
    .filter({ has: page.getByRole('link', { name: 'T1571' }) });
  await expect(rows.first()).toBeVisible({ timeout: 20_000 });
  const evidence = page.getByTestId('alert-evidence');
  for (let i = 0; i < Math.min(await rows.count(), 10); i += 1) {
    await rows.nth(i).locator('button.alert-select').click();
    if (((await evidence.textContent()) ?? '').includes(`pid ${pid}`)) return true;
  }
  return false;
}

test('process names with a right-to-left override, a C1 control or markup are shown as escaped text; secrets in command lines are masked', async ({
  dashboard,
}) => {
  const { page, problems } = dashboard;
  const { server, port } = await listenOnFirstFree(BAD_PORTS);
  const child = await spawnHostileClient(port);
  const marked = await spawnHostileClient(port, MARKUP_NAME, SECRET_ARGS);
  try {
    const shown = sanitizeText(HOSTILE_NAME);
    expect(shown).toBe('ok\\u202egnp.\\x9bx');
    await dashboard.open();
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('tab', { name: /Connections/ }).click();
    await page.getByPlaceholder(/Filter/).fill(String(child.pid));
    const row = page.getByRole('row').filter({ hasText: shown });
    await expect(row.first()).toBeVisible({ timeout: 20_000 });
    await dashboard.screenshot('15-hostile-process-name-escaped');

    // Its T1571 alert names the process in the evidence.
    await page.getByRole('tab', { name: /Threat timeline/ }).click();
    expect(await selectAlertOf(page, child.pid as number)).toBe(true);
    const evidence = page.getByTestId('alert-evidence');
    await expect(evidence).toContainText(shown);

    // Markup in a name is text, never an element; secrets in its command line are masked.
    expect(await selectAlertOf(page, marked.pid as number)).toBe(true);
    await expect(evidence).toContainText(MARKUP_NAME);
    await expect(evidence).toContainText('--password=[redacted] -H Authorization: Bearer [redacted] https://bob:[redacted]@example.test/');
    expect(await page.locator('#root img').count()).toBe(0);

    for (const tab of [/Threat timeline/, /Connections/, /Listening/, /ARP/, /System/]) {
      await page.getByRole('tab', { name: tab }).click();
      const texts = await page.evaluate(appTextNodes);
      const unsafe = texts.filter((text) => !isDisplaySafe(text));
      expect(unsafe, `raw control or bidi characters in the ${String(tab)} tab`).toEqual([]);
      for (const secret of SECRETS)
        expect(
          texts.filter((text) => text.includes(secret)),
          `${secret} in the ${String(tab)} tab`,
        ).toEqual([]);
    }
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('session-state')).toContainText('Stopped', { timeout: 30_000 });
    expect(problems.errors).toEqual([]);
  } finally {
    child.kill();
    marked.kill();
    await new Promise((resolve) => server.close(resolve));
  }
});

/**
 * Page side: delivers each batch where the preload's ipcRenderer receives main's batches (electron-shim)
 * and times it to the next animation frame.
 */
async function deliverTimed({ batches, channel }: { batches: TickBatch[]; channel: string }): Promise<number[]> {
  type Hook = (channel: string, payload: unknown) => void;
  const g = globalThis as unknown as { __electronShimDeliver: Hook; requestAnimationFrame(callback: () => void): number };
  const times: number[] = [];
  for (const batch of batches) {
    const start = performance.now();
    g.__electronShimDeliver(channel, batch);
    await new Promise<void>((resolve) => g.requestAnimationFrame(() => resolve()));
    times.push(performance.now() - start);
  }
  return times;
}

/**
 * A session of its own (startedAt shifted by `session`): the first batch opens `total` alerts, each of
 * the 19 later ones updates 250 of them (never #0..#249, so #0 stays the oldest, at the bottom).
 */
function alertFlood(base: TickBatch, template: Alert, total: number, session: number): TickBatch[] {
  const severities: Severity[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
  const alerts: Alert[] = Array.from({ length: total }, (_, i) => ({
    ...template,
    id: `${template.id}#${session}.${i}`,
    title: `${template.title} #${i}`,
    severity: severities[i % 4] as Severity,
    lastSeen: base.time + i,
  }));
  const severityCounts = emptySeverityCounts();
  for (const alert of alerts) severityCounts[alert.severity] += 1;
  const unchangedTables = {
    connections: { changed: [], removed: [], count: base.tables.connections.count },
    listening: { changed: [], removed: [], count: base.tables.listening.count },
    arp: { changed: [], removed: [], count: base.tables.arp.count },
  };
  const startedAt = base.startedAt + session;
  const batches: TickBatch[] = [{ ...base, startedAt, seq: 1, changedAlerts: alerts, severityCounts }];
  const perBatch = Math.max(1, Math.floor(total / 20));
  for (let k = 1; k < 20; k += 1) {
    const updated = alerts.slice(k * perBatch, (k + 1) * perBatch).map((alert) => ({ ...alert, count: alert.count + k, lastSeen: base.time + total + k }));
    batches.push({ ...base, startedAt, seq: k + 1, time: base.time + k * 1000, tables: unchangedTables, changedAlerts: updated, severityCounts });
  }
  return batches;
}

test('the alert list stays virtualised and responsive with 5,000 alerts updating every batch', async ({ dashboard }) => {
  const { page, main, problems } = dashboard;
  const { core } = main.services;
  // One real alert and one real catch-up batch, from a real session.
  const pair = await openLoopbackPair(BAD_PORTS);
  try {
    await main.services.start();
    await expect.poll(async () => (await core.snapshotState()).alerts.length, { timeout: 20_000 }).toBeGreaterThan(0);
    await main.services.stop();
  } finally {
    await pair.close();
  }
  const state = await core.snapshotState();
  const template = state.alerts[0] as Alert;
  const base = state.lastBatch as TickBatch;

  await dashboard.open();
  // Baseline in the same run: the same batches with 50 alerts (the chart, header and tables cost the same).
  const channel = EVENT_CHANNELS.batch;
  const small = (await page.evaluate(deliverTimed, { batches: alertFlood(base, template, 50, 1), channel })).slice(1);
  await expect(page.getByRole('tab', { name: /Threat timeline/ })).toContainText('50');
  const large = await page.evaluate(deliverTimed, { batches: alertFlood(base, template, 5_000, 2), channel });
  await expect(page.getByRole('tab', { name: /Threat timeline/ })).toContainText('5,000');
  const domRows = await page.getByTestId('alert-list').locator('li').count();
  const updates = large.slice(1);
  console.log(
    `[hostile-renderer.spec] batch → next frame: 50 alerts median ${median(small).toFixed(1)} ms (p95 ${percentile(small, 95).toFixed(1)}); ` +
      `5,000 alerts: first batch ${large[0]?.toFixed(1)} ms, updates of 250 median ${median(updates).toFixed(1)} ms (p95 ${percentile(updates, 95).toFixed(1)}); ` +
      `${domRows} alert rows in the DOM`,
  );
  expect(domRows).toBeGreaterThan(0);
  expect(domRows).toBeLessThan(60);
  // 100 times the alerts costs less than three times as much per batch: the list renders only what is in view.
  expect(median(updates)).toBeLessThan(3 * median(small));

  // The oldest alert is reachable by scrolling, and selecting it shows its evidence.
  await page.getByTestId('alert-scroll').evaluate((element) => {
    // Typed by hand: this project's Node program has no DOM lib (React's types declare empty DOM interfaces).
    const box = element as unknown as { scrollTop: number; scrollHeight: number };
    box.scrollTop = box.scrollHeight;
  });
  const oldest = page
    .getByTestId('alert-list')
    .locator('li')
    .filter({ hasText: `${template.title} #0` })
    .first();
  await expect(oldest).toBeVisible();
  await oldest.locator('button.alert-select').click();
  await expect(page.getByTestId('alert-evidence')).toContainText(`${template.title} #0`);
  await dashboard.screenshot('16-alert-list-5000-virtualised');
  expect(problems.errors).toEqual([]);
});
