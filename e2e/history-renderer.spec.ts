// History in the built renderer against main's real services and the real core: a session run from
// the UI is journaled in userData/journals, listed in History after it stops, opened read-only in the
// timeline and alert views, and its report exported from there.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TECHNIQUES } from '../src-shared/attack';
import { expect, skipReason, test } from './support/fixtures';
import { BAD_PORTS } from '../src-main/hostile-host/host-processes';
import { openLoopbackPair } from './support/sockets';

const reason = skipReason();
if (reason) console.log(`[history-renderer.spec] skipped: ${reason}`);
test.skip(reason !== undefined, reason);
test.use({ trace: 'off' });

test('a stopped session is listed in History, opens read-only with its alerts, and exports its report', async ({ dashboard }) => {
  const { page, main, userDataDir, problems } = dashboard;
  await dashboard.open();
  const bad = await openLoopbackPair(BAD_PORTS);
  const ourAlert = (scope: ReturnType<typeof page.getByTestId>) =>
    scope
      .getByTestId('alert-list')
      .locator('li')
      .filter({ has: page.getByRole('link', { name: 'T1571' }) })
      .filter({ hasText: `port ${bad.port}` });
  try {
    await page.getByRole('button', { name: 'Start' }).click();
    // A loaded host (another suite's 10,000-socket farm) can take many seconds per tick.
    await expect(ourAlert(page.locator('main')).first()).toBeVisible({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('session-state')).toContainText('Stopped', { timeout: 30_000 });
  } finally {
    await bad.close();
  }
  const live = await main.services.core.snapshotState();
  const journals = await readdir(join(userDataDir, 'journals'));
  expect(journals).toHaveLength(1);

  await page.getByRole('tab', { name: 'History' }).click();
  const rows = page.getByTestId('history-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(live.status.hostname);
  await expect(rows.first()).not.toContainText('unfinished');
  await dashboard.screenshot('history-01-list');

  await rows.first().getByRole('button', { name: 'Open' }).click();
  const session = page.getByTestId('history-session');
  await expect(session).toContainText('read-only');
  // The list is virtualised (only rows in view are in the DOM): its heading counts them all.
  await expect(session.getByRole('heading', { name: `Alerts (${live.alerts.length})` })).toBeVisible();
  const row = ourAlert(session).first();
  await expect(row).toBeVisible();
  await row.getByRole('button').first().click();
  await expect(session.getByTestId('alert-evidence')).toContainText(TECHNIQUES.T1571.recommendation);
  await expect(session.getByTestId('timeline-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await dashboard.screenshot('history-02-session-opened');

  await session.getByRole('button', { name: 'Export Report' }).click();
  const path = (await session.getByTestId('history-export-path').textContent()) ?? '';
  expect(path).toMatch(/\.json$/);
  const report = JSON.parse(await readFile(path, 'utf8')) as { threat_events: { id: string }[] };
  expect(report.threat_events.map((event) => event.id).sort()).toEqual(live.alerts.map((alert) => alert.id).sort());

  await session.getByRole('button', { name: /All sessions/ }).click();
  await expect(page.getByTestId('history-row')).toHaveCount(1);
  // Main opens only journal file names: a path is refused by its validation, not read.
  type PageApi = { netsentinel: { openSession(id: string): Promise<unknown> } };
  const refused = await page.evaluate(() =>
    (globalThis as unknown as PageApi).netsentinel.openSession('../settings.json').then(
      () => 'accepted',
      (e: Error) => e.message,
    ),
  );
  expect(refused).toContain('netsentinel:open-session: not a session id');
  expect(problems.cspViolations).toEqual([]);
  expect(problems.errors).toEqual([]);
});

test('the journal retention is set in Settings, checked by the one schema and saved by main', async ({ dashboard }) => {
  const { page, userDataDir } = dashboard;
  await dashboard.open();
  await page.getByRole('tab', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Session history' });
  await form.getByLabel(/Keep session journals for/).fill('0');
  await form.getByRole('button', { name: 'Save history settings' }).click();
  await expect(form.getByRole('status')).toContainText('journal.maxAgeDays: must be a whole number between 1 and 3650 days, got 0');
  await form.getByLabel(/Keep session journals for/).fill('7');
  await form.getByLabel(/At most this much/).fill('50');
  await form.getByRole('button', { name: 'Save history settings' }).click();
  await expect(form.getByRole('status')).toContainText('Saved');
  const saved = JSON.parse(await readFile(join(userDataDir, 'settings.json'), 'utf8')) as { journal: unknown };
  expect(saved.journal).toEqual({ maxAgeDays: 7, maxTotalMB: 50 });
});
