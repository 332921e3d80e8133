// The Apps view with real data (a hostile-named copy of nc talking to a known-bad port on loopback,
// and this test process), and every export of the session: the views' CSV buttons and File › Export As
// (main's real menu actions, the core building the text, main writing it), each file read back.
import { parse } from 'csv-parse/sync';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MENU_IDS } from '../src-main/app/menu-template';
import type { EcsAlertDocument } from '../src-main/sinks/ecs';
import { ecsProblems } from '../src-main/sinks/ecs-check';
import type { NavigatorLayer } from '../src-shared/navigator-layer';
import { expect, skipReason, test } from './support/fixtures';
import type { MainHarness } from './support/main-harness';
import { openLoopbackPair, type LoopbackPair } from './support/sockets';

const reason = skipReason() ?? (existsSync('/usr/bin/nc.openbsd') ? undefined : 'netcat-openbsd missing: apt-get install -y netcat-openbsd');
if (reason) console.log(`[apps-exports.renderer.spec] skipped: ${reason}`);
test.skip(reason !== undefined, reason);
test.describe.configure({ mode: 'serial' });
test.use({ trace: 'off' });

/** A process name a spreadsheet would run as a formula (14 characters: /proc/PID/comm keeps 15). */
const HOSTILE = "=cmd|'calc'!A1";
const BAD_PORTS = [4444, 4445, 1337, 31337];
const FORMULA_START = /^[=+\-@\t\r]/;
const ZERO_BYTES = '0 B';

interface Hostile {
  child: ChildProcess;
  dir: string;
  exe: string;
}

/** A copy of nc under the hostile name, connected to `port` on loopback and sending a line a second. */
async function startHostileClient(port: number): Promise<Hostile> {
  const dir = await mkdtemp(join(tmpdir(), 'netsentinel-apps-'));
  const exe = join(dir, HOSTILE);
  await copyFile('/usr/bin/nc.openbsd', exe);
  await chmod(exe, 0o755);
  const child = spawn(exe, ['127.0.0.1', String(port)], { stdio: ['pipe', 'ignore', 'ignore'] });
  const timer = setInterval(() => child.stdin?.write(`${'x'.repeat(2000)}\n`), 500);
  child.on('exit', () => clearInterval(timer));
  return { child, dir, exe };
}

/** Clicks File › Export As › `id` and returns the file main wrote (the shim's dialog accepts the proposed path). */
async function exportFromMenu(main: MainHarness, id: string): Promise<string> {
  const before = main.dialogs.save.length;
  main.clickMenu(id, 'running');
  await expect.poll(() => main.dialogs.save.length).toBeGreaterThan(before);
  const path = main.dialogs.save.at(-1)?.defaultPath ?? '';
  await expect.poll(() => existsSync(path), { timeout: 15_000 }).toBe(true);
  return path;
}

function readCsv(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  return parse(text, { bom: true }) as string[][];
}

function expectNoFormula(rows: string[][]): void {
  for (const row of rows) for (const cell of row) expect(FORMULA_START.test(cell), `cell ${JSON.stringify(cell)}`).toBe(false);
}

test('the Apps view shows real applications, and every export is written and reads back', async ({ dashboard }) => {
  test.setTimeout(180_000);
  const { page, main, problems } = dashboard;
  const opened: LoopbackPair[] = [];
  let hostile: Hostile | undefined;
  try {
    await dashboard.open();
    const bad = await openLoopbackPair(BAD_PORTS);
    opened.push(bad);
    hostile = await startHostileClient(bad.port);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByTestId('session-state')).toContainText('Monitoring');

    await page.getByRole('tab', { name: /Apps/ }).click();
    const hostileRow = page.getByRole('row').filter({ hasText: hostile.exe });
    // The first ticks take seconds on a loaded host (the suites of other work share these 2 cores).
    await expect(hostileRow.first()).toBeVisible({ timeout: 60_000 });
    const cells = hostileRow.first().getByRole('cell');
    await expect(cells.nth(1)).toHaveText('1'); // one connection now
    await expect(cells.nth(2)).toHaveText('1'); // one remote host (127.0.0.1)
    await expect(cells.nth(6)).toHaveText(/^\d\d:\d\d:\d\d$/); // first seen this session
    // The collector reads tcp_info byte counters for non-loopback connections only, so loopback shows 0 B
    // (the counting is covered by the unit tests of the usage fold).
    await expect(cells.nth(4)).toHaveText(ZERO_BYTES);
    // This test process listens on the known-bad port and carries the T1571 alert.
    const ownRow = page.getByRole('row').filter({ hasText: process.execPath });
    await expect(ownRow.first().getByRole('cell').nth(7)).toContainText(String(bad.port));
    await expect(page.getByTestId('apps-scroll').getByText('HIGH').first()).toBeVisible({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Listening' }).click();
    await expect(page.getByRole('columnheader', { name: /Listening/ })).toHaveAttribute('aria-sort', 'descending');
    await expect(page.getByText('Bytes per tick, busiest apps')).toBeVisible();
    await dashboard.screenshot('20-apps-view');

    // The connections view's CSV button: the hostile name comes back neutralised.
    await page.getByRole('tab', { name: /Connections/ }).click();
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const connectionsResult = page.getByTestId('export-connections-csv-result');
    await expect(connectionsResult).toContainText('Saved');
    const connectionsPath = main.dialogs.save.at(-1)?.defaultPath ?? '';
    expect(connectionsPath).toMatch(/netsentinel-connections-.+\.csv$/);
    const connections = readCsv(await readFile(connectionsPath, 'utf8'));
    expect(connections[0]).toEqual([
      'Process',
      'PID',
      'Proto',
      'Local',
      'Remote',
      'Service',
      'Country',
      'AS',
      'State',
      'Direction',
      'Sent (bytes)',
      'Received (bytes)',
    ]);
    expect(connections.some((row) => row[0] === `'${HOSTILE}` && row[4] === `127.0.0.1:${bad.port}`)).toBe(true);
    expectNoFormula(connections);

    // The alert list's CSV button.
    await page.getByRole('tab', { name: /Threat timeline/ }).click();
    await expect(page.getByTestId('alert-list').getByRole('link', { name: 'T1571' }).first()).toBeVisible({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await expect(page.getByTestId('export-alerts-csv-result')).toContainText('Saved');
    const alerts = readCsv(await readFile(main.dialogs.save.at(-1)?.defaultPath ?? '', 'utf8'));
    expect(alerts[0]?.slice(0, 3)).toEqual(['Severity', 'ATT&CK', 'Title']);
    expect(alerts.some((row) => row[1] === 'T1571')).toBe(true);
    expectNoFormula(alerts);

    // File › Export As: ECS NDJSON, every document valid against the ECS field definitions.
    const ecsLines = (await readFile(await exportFromMenu(main, MENU_IDS.exportEcs), 'utf8')).trimEnd().split('\n');
    const docs = ecsLines.map((line) => JSON.parse(line) as EcsAlertDocument);
    for (const doc of docs) expect(ecsProblems(doc)).toEqual([]);
    const t1571 = docs.find((doc) => doc.threat?.technique?.id === 'T1571');
    expect(t1571).toMatchObject({
      event: { kind: 'alert', module: 'netsentinel' },
      threat: { framework: 'MITRE ATT&CK' },
      ecs: { version: expect.any(String) },
    });
    console.log(`[apps-exports] ECS sample: ${ecsLines.find((line) => line.includes('"T1571"'))}`);

    // The ATT&CK Navigator layer.
    const layer = JSON.parse(await readFile(await exportFromMenu(main, MENU_IDS.exportNavigator), 'utf8')) as NavigatorLayer;
    expect(layer).toMatchObject({ domain: 'enterprise-attack', versions: { layer: '4.5' } });
    const technique = layer.techniques.find((t) => t.techniqueID === 'T1571');
    expect(technique?.score).toBeGreaterThanOrEqual(51);
    expect(technique?.comment).toMatch(/\S/);

    // The same CSV tables from the menu.
    const menuAlerts = readCsv(await readFile(await exportFromMenu(main, MENU_IDS.exportAlertsCsv), 'utf8'));
    expect(menuAlerts[0]).toEqual(alerts[0]);
    const menuConnections = readCsv(await readFile(await exportFromMenu(main, MENU_IDS.exportConnectionsCsv), 'utf8'));
    expect(menuConnections.some((row) => row[0] === `'${HOSTILE}`)).toBe(true);

    expect(problems.cspViolations).toEqual([]);
    expect(problems.errors).toEqual([]);
  } finally {
    hostile?.child.kill();
    if (hostile) await rm(hostile.dir, { recursive: true, force: true });
    for (const pair of opened) await pair.close();
  }
});
