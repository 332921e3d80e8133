// Living with the app (issue 8): per-rule settings applying to the running session, "Suppress…" from
// the timeline with the counters and risk following at once, persisted by main's real settings store
// across a reload, the Suppressions view, and threat lists chosen through main's dialog. The page,
// preload, main's services and the core are the real ones; only the 'electron' module is shimmed.
import { createSocket } from 'node:dgram';
import { readFile, writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { SEVERITIES, type Alert, type Severity } from '../src-shared/model';
import { riskLevel } from '../src-shared/report';
import { expect, skipReason, test } from './support/fixtures';
import { openLoopbackPair } from './support/sockets';

const reason = skipReason();
if (reason) console.log(`[tuning-renderer.spec] skipped: ${reason}`);
test.skip(reason !== undefined, reason);
test.describe.configure({ mode: 'serial' });
test.use({ trace: 'off' });

const BAD_PORTS = [4444, 4445, 1337, 31337];

async function counter(page: Page, severity: Severity): Promise<number> {
  return Number(await page.getByTestId(`count-${severity}`).locator('.counter-value').textContent());
}

/** Our listener's and client's T1571 alerts (another program here may hold a bad port too). */
const ours =
  (port: number) =>
  (alert: Alert): boolean =>
    alert.ruleId === 'non-standard-port' &&
    (alert.destination?.port === port || alert.source?.port === port) &&
    (alert.destination?.address ?? '').startsWith('127.');

test('a per-rule severity applies to the running session; Suppress… from the timeline drops the counters and risk, survives a reload and is removed again', async ({
  dashboard,
}) => {
  test.setTimeout(180_000);
  const { page, main, userDataDir, problems } = dashboard;
  const { core } = main.services;
  const first = await openLoopbackPair(BAD_PORTS);
  const opened = [first];
  const rowFor = (port: number) =>
    page
      .getByTestId('alert-list')
      .locator('li')
      .filter({ has: page.getByRole('link', { name: 'T1571' }) })
      .filter({ hasText: `port ${port}` })
      .first();
  try {
    await dashboard.open();
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(rowFor(first.port)).toBeVisible({ timeout: 20_000 });
    await expect(rowFor(first.port)).toContainText('HIGH');

    // Per-rule setting while the session runs: non-standard-port alerts are CRITICAL, those already raised too.
    await page.getByRole('tab', { name: 'Settings' }).click();
    const card = page.getByTestId('rule-non-standard-port');
    await card.locator('summary').click();
    await card.getByLabel('Severity').selectOption('CRITICAL');
    await card.getByRole('button', { name: 'Save rule' }).click();
    await expect(card.getByRole('status')).toHaveText("Saved. A severity applies at once to this session's alerts; thresholds from its next tick.");
    expect(main.services.settings.get().rules).toEqual({ 'non-standard-port': { severity: 'CRITICAL' } });
    await page.getByRole('tab', { name: /Threat timeline/ }).click();
    const bad = await openLoopbackPair(BAD_PORTS.filter((port) => port !== first.port));
    opened.push(bad);
    const ourRow = rowFor(bad.port);
    await expect(ourRow).toContainText('CRITICAL', { timeout: 20_000 });
    await expect(rowFor(first.port)).toContainText('CRITICAL'); // alerts raised before are re-graded at once
    expect((await core.snapshotState()).alerts.find(ours(first.port))).toMatchObject({ severity: 'CRITICAL', ruleSeverity: 'HIGH' });
    await expect(page.getByTestId('risk-level')).toContainText('CRITICAL');
    const criticalBefore = await counter(page, 'CRITICAL');
    expect(criticalBefore).toBeGreaterThanOrEqual(1);
    await dashboard.screenshot('20-rule-severity-applied-to-running-session');

    // Suppress… this rule for this destination, from the alert's row.
    await ourRow.getByRole('button', { name: 'Suppress…' }).click();
    const form = page.getByRole('form', { name: 'Suppress this alert' });
    await form.getByLabel('This rule for this destination').check();
    await expect(form.getByLabel(/Destination/)).toHaveValue(`127.0.0.1:${bad.port}`);
    await form.getByLabel(/Reason/).fill('e2e lab listener');
    await dashboard.screenshot('21-suppress-form');
    await form.getByRole('button', { name: 'Suppress' }).click();
    const suppression = { rule: 'non-standard-port', destination: `127.0.0.1:${bad.port}`, reason: 'e2e lab listener' };
    await expect(page.getByTestId('suppressed-note')).toContainText(
      `Suppressed by rule non-standard-port · destination 127.0.0.1:${bad.port} (e2e lab listener)`,
    );
    await expect(ourRow).toHaveClass(/suppressed/);

    // The core marked them too; the counters are its active alerts only, and the risk follows.
    const state = await core.snapshotState();
    const mine = state.alerts.filter(ours(bad.port));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.filter((alert) => alert.destination?.port === bad.port).every((alert) => alert.status === 'suppressed')).toBe(true);
    const activeCritical = (alerts: Alert[]): number => alerts.filter((a) => a.severity === 'CRITICAL' && a.status !== 'suppressed').length;
    await expect.poll(() => counter(page, 'CRITICAL')).toBeLessThan(criticalBefore);
    await expect.poll(async () => counter(page, 'CRITICAL')).toBe(activeCritical((await core.snapshotState()).alerts));
    const counts = Object.fromEntries(await Promise.all(SEVERITIES.map(async (s) => [s, await counter(page, s)] as const))) as Record<Severity, number>;
    await expect(page.getByTestId('risk-level')).toContainText(riskLevel(counts));
    if (counts.CRITICAL === 0) await expect(page.getByTestId('risk-level')).not.toContainText('CRITICAL');
    else console.log(`[tuning-renderer.spec] ${counts.CRITICAL} other CRITICAL alert(s) on this host keep the risk CRITICAL`);
    await dashboard.screenshot('22-alert-suppressed-counters-dropped');

    // Hidden instead of dimmed.
    await page.getByLabel('Show suppressed (dimmed)').uncheck();
    await expect(ourRow).toHaveCount(0);
    await page.getByLabel('Show suppressed (dimmed)').check();

    // Saved by main's real settings store: the file holds it, and a reload finds it.
    const saved = JSON.parse(await readFile(`${userDataDir}/settings.json`, 'utf8')) as { suppressions: unknown[] };
    expect(saved.suppressions).toEqual([suppression]);
    await page.reload();
    await expect(page.getByTestId('session-state')).toContainText('Monitoring', { timeout: 20_000 });
    await page.getByRole('tab', { name: /Suppressions/ }).click();
    const row = page.getByTestId('suppression-row');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(`rule non-standard-port · destination 127.0.0.1:${bad.port}`);
    await expect(row).toContainText('e2e lab listener');
    await expect(row.getByTestId('suppression-matched')).not.toHaveText('0');
    await dashboard.screenshot('23-suppressions-view-after-reload');

    // Removed: the alerts turn active again and count again.
    await row.getByRole('button', { name: 'Remove' }).click();
    await expect(page.getByTestId('suppression-row')).toHaveCount(0);
    expect(main.services.settings.get().suppressions).toEqual([]);
    await expect.poll(() => counter(page, 'CRITICAL')).toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId('risk-level')).toContainText('CRITICAL');
    await page.getByRole('tab', { name: /Threat timeline/ }).click();
    await expect(ourRow).not.toHaveClass(/suppressed/);
    await expect.poll(async () => (await core.snapshotState()).alerts.filter(ours(bad.port)).every((a) => a.status !== 'suppressed')).toBe(true);

    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('session-state')).toContainText('Stopped', { timeout: 30_000 });
    expect(problems.cspViolations).toEqual([]);
    expect(problems.errors).toEqual([]);
  } finally {
    for (const pair of opened) await pair.close();
  }
});

test('a lowered threshold applies to the running session from its next tick', async ({ dashboard }) => {
  const { page, main, problems } = dashboard;
  const { core } = main.services;
  // A UDP socket connected to port 53 and held open (connect() sends nothing): dns-anomaly's
  // persistentSocketMs (default 30 s) decides when it becomes an alert.
  const dns = createSocket('udp4');
  await new Promise<void>((resolve) => dns.connect(53, '127.0.0.1', () => resolve()));
  const persistent = (alert: Alert): boolean => alert.id.startsWith('dns-anomaly:persistent|') && alert.id.endsWith('|127.0.0.1');
  try {
    await dashboard.open();
    await page.getByRole('button', { name: 'Start' }).click();
    await expect.poll(async () => (await core.snapshotState()).lastBatch?.seq ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    expect((await core.snapshotState()).alerts.filter(persistent)).toEqual([]);

    await page.getByRole('tab', { name: 'Settings' }).click();
    const card = page.getByTestId('rule-dns-anomaly');
    await card.locator('summary').click();
    const field = card.getByLabel(/A DNS socket held open this long/);
    await expect(field).toHaveAttribute('placeholder', '30000');
    await expect(card).toContainText('default 30000 · 1000–86400000 ms');
    await field.fill('5');
    await card.getByRole('button', { name: 'Save rule' }).click();
    await expect(card.getByRole('status')).toHaveText(
      'rules.dns-anomaly.thresholds.persistentSocketMs: must be a whole number between 1000 and 86400000 (ms), got 5',
    );
    expect(main.services.settings.get().rules).toEqual({});
    await field.fill('1000');
    await card.getByRole('button', { name: 'Save rule' }).click();
    await expect(card.getByRole('status')).toHaveText("Saved. A severity applies at once to this session's alerts; thresholds from its next tick.");
    await dashboard.screenshot('24-rule-threshold-saved');

    await expect.poll(async () => (await core.snapshotState()).alerts.filter(persistent).length, { timeout: 20_000 }).toBe(1);
    await page.getByRole('tab', { name: /Threat timeline/ }).click();
    await expect(page.getByTestId('alert-list').locator('li').filter({ hasText: 'Long-lived DNS socket' }).first()).toBeVisible();

    await page.getByRole('tab', { name: 'Settings' }).click();
    await card.locator('summary').click();
    await card.getByRole('button', { name: 'Reset to defaults' }).click();
    await expect(card.getByRole('status')).toContainText('Saved.');
    expect(main.services.settings.get().rules).toEqual({});
    await expect(field).toHaveValue('');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('session-state')).toContainText('Stopped', { timeout: 30_000 });
    expect(problems.errors).toEqual([]);
  } finally {
    dns.close();
  }
});

test("threat lists: chosen through main's dialog, loaded by the core with size and file date; a missing file is a warning", async ({ dashboard }) => {
  const { page, main, problems } = dashboard;
  const good = test.info().outputPath('drop.txt');
  await writeFile(good, '; Spamhaus DROP style\n198.51.100.0/24 ; SBL1\n203.0.113.7\n');
  await dashboard.open();
  await page.getByRole('tab', { name: 'Settings' }).click();
  const section = page.getByRole('region', { name: 'Threat lists' });
  main.dialogs.openAnswers.push(good);
  await section.getByRole('button', { name: 'Add list file…' }).click();
  const rows = section.getByTestId('threat-list-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('drop.txt');
  await expect(rows.first()).toContainText('Known-bad addresses');
  await expect(rows.first()).toContainText('2');
  await expect(rows.first()).toContainText(new Date().getFullYear().toString());
  expect(main.services.settings.get().lists).toEqual([{ kind: 'bad-addresses', path: good }]);

  main.dialogs.openAnswers.push(test.info().outputPath('gone.txt'));
  await section.getByLabel('Kind').selectOption('tor-relays');
  await section.getByRole('button', { name: 'Add list file…' }).click();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('Tor relay list');
  await expect(rows.nth(1).getByRole('note')).toContainText('was not loaded: ENOENT');
  await dashboard.screenshot('25-threat-lists');
  // A cancelled dialog changes nothing.
  await section.getByRole('button', { name: 'Add list file…' }).click();
  await expect(rows).toHaveCount(2);
  await rows.nth(1).getByRole('button', { name: 'Remove' }).click();
  await expect(rows).toHaveCount(1);
  expect(main.services.settings.get().lists).toEqual([{ kind: 'bad-addresses', path: good }]);
  expect(problems.errors).toEqual([]);
});
