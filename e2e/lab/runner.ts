// Runs one scenario under a fresh monitor: baseline, stage, wait, verdict, artefacts.
// A fresh monitor per scenario makes attribution sound: every alert it streams after the
// attack starts comes from that scenario (or is a false alert), never from an earlier one.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEVERITY_RANK, type Alert } from '../../src-shared/model';
import { delay, drainVictimSockets, labAuthLog, type Lab } from './lab';
import { MonitorRun, type ReceivedAlert } from './monitor';
import { VictimProbe } from './probe';
import type { Scenario, StagedActivity } from './scenarios';
import { errorMessage } from '../../src-shared/error-message';
import { endpointLabel } from '../../src-shared/net/endpoint-text';

export interface AlertSummary {
  techniqueId: string;
  severity: string;
  ruleId: string;
  title: string;
  process?: string;
  source?: string;
  destination?: string;
  /** Seconds after the attack started (negative: during the warm-up). */
  at: number;
  /** The alert's process ran outside the lab's namespaces (another program on this host). */
  outsideLab?: boolean;
}

export interface ScenarioResult {
  id: string;
  title: string;
  expected: string;
  mustName: string;
  detected: boolean;
  named: boolean;
  secondsToDetect?: number;
  /** After the activity started: unexpected HIGH/CRITICAL alerts, and any alert of a forbidden technique. */
  falseAlerts: AlertSummary[];
  /** Alerts streamed during the warm-up, before the activity: the lab's baseline noise. */
  warmUpAlerts: AlertSummary[];
  allAlerts: AlertSummary[];
  passed: boolean;
  /** Why it failed or was skipped. */
  note?: string;
  /** Socket states and counter deltas the victim showed, one line per second. */
  probe: string[];
  artefacts: string;
}

const WARM_UP_MS = 2500;
/** After a benign activity, how long late alerts are still attributed to it. */
const BENIGN_TAIL_MS = 2500;

function summarise(received: ReceivedAlert, t0: number): AlertSummary {
  const { alert } = received;
  return {
    techniqueId: alert.techniqueId,
    severity: alert.severity,
    ruleId: alert.ruleId,
    title: alert.title,
    process: alert.process ? `${alert.process.name}(${alert.process.pid})` : undefined,
    source: endpointLabel(alert.source),
    destination: endpointLabel(alert.destination),
    at: Number(((received.receivedAt - t0) / 1000).toFixed(1)),
    ...(received.processNamespace === 'outside' ? { outsideLab: true } : {}),
  };
}

const describeAlert = (received: ReceivedAlert | undefined): string => {
  const alert = received?.alert;
  if (!alert) return 'nothing';
  const where = [
    alert.source ? `source ${endpointLabel(alert.source)}` : 'no source',
    alert.destination ? `destination ${endpointLabel(alert.destination)}` : '',
  ];
  return `"${alert.title}", ${where.filter(Boolean).join(', ')}${alert.process ? `, process ${alert.process.name}` : ''}`;
};

const isSevere = (alert: Alert): boolean => SEVERITY_RANK[alert.severity] >= SEVERITY_RANK.HIGH;

/** The last update of each alert id (alerts fold, so one id may stream many times). */
function latestById(alerts: ReceivedAlert[]): ReceivedAlert[] {
  const byId = new Map<string, ReceivedAlert>();
  for (const received of alerts) byId.set(received.alert.id, received);
  return [...byId.values()];
}

/** What the monitor streamed that matches the scenario's expected technique (and names the activity). */
interface Found {
  /** The first alert of the expected technique that names the activity. */
  firstMatch?: ReceivedAlert;
  /** The first alert of the expected technique, naming the activity or not. */
  techniqueOnly?: ReceivedAlert;
}

/**
 * Waits out the scenario's window: for an attack, until the expected alert names the activity (then, with
 * checkFinal, stops it and checks the final alerts); for benign activity, the whole window plus a tail.
 * Fills `found` as it goes (so a later failure keeps what was seen) and returns a failure note, if any.
 */
async function watchActivity(monitor: MonitorRun, scenario: Scenario, activity: StagedActivity, t0: number, found: Found): Promise<string | undefined> {
  const expected = scenario.expected;
  if (!expected) {
    await delay(scenario.windowMs);
    await activity.stop();
    await delay(BENIGN_TAIL_MS);
    return undefined;
  }
  found.firstMatch = await monitor.waitForAlert(
    ({ alert, receivedAt, processNamespace }) => receivedAt >= t0 && processNamespace !== 'outside' && alert.techniqueId === expected && activity.names(alert),
    scenario.windowMs,
  );
  found.techniqueOnly = monitor.alerts.find(
    ({ alert, receivedAt, processNamespace }) => receivedAt >= t0 && processNamespace !== 'outside' && alert.techniqueId === expected,
  );
  if (!found.firstMatch) {
    await delay(1000); // let trailing alerts of a miss arrive for the diagnostics
    return undefined;
  }
  if (!scenario.checkFinal) return undefined;
  await activity.stop();
  await delay(scenario.settleMs ?? 2000);
  const finalAlerts = latestById(monitor.alerts.filter((r) => r.receivedAt >= t0)).map((r) => r.alert);
  const wrong = scenario.checkFinal(finalAlerts);
  return wrong ? `final alert: ${wrong}` : undefined;
}

interface ScenarioRun {
  dir: string;
  received: ReceivedAlert[];
  /** When the activity started. */
  t0: number;
  found: Found;
  /** Why the run itself failed (harness error, monitor exit code, final alert), if it did. */
  note: string | undefined;
  probe: VictimProbe;
}

/** The verdict on one run: detected and named (an attack) or no false alert (benign), and why not. */
function judge(scenario: Scenario, run: ScenarioRun): ScenarioResult {
  const { received, t0, found } = run;
  let note = run.note;
  const acceptable = new Set<string>([scenario.expected ?? '', ...(scenario.alsoTrue ?? [])].filter(Boolean));
  // Process rules see the whole host; what other programs on it do is not this scenario's doing.
  const afterStart = latestById(received.filter((r) => r.receivedAt >= t0 && r.processNamespace !== 'outside'));
  const forbidden = new Set<string>(scenario.forbidden ?? []);
  const falseAlerts = afterStart
    .filter((r) => (isSevere(r.alert) && !acceptable.has(r.alert.techniqueId)) || forbidden.has(r.alert.techniqueId))
    .map((r) => summarise(r, t0));
  const warmUpAlerts = latestById(received.filter((r) => r.receivedAt < t0)).map((r) => summarise(r, t0));
  const detected = scenario.expected ? found.techniqueOnly !== undefined : false;
  const named = found.firstMatch !== undefined;
  const passed = note === undefined && (scenario.expected ? named : falseAlerts.length === 0);
  if (!note && !passed) {
    note = scenario.expected
      ? detected
        ? `${scenario.expected} raised but it does not name ${scenario.mustName} (got: ${describeAlert(found.techniqueOnly)})`
        : `no ${scenario.expected} alert within ${scenario.windowMs / 1000} s`
      : `${falseAlerts.length} false alert(s) (HIGH/CRITICAL, or a forbidden technique) on benign activity`;
  }
  return {
    id: scenario.id,
    title: scenario.title,
    expected: scenario.expected ?? (scenario.periodic ? 'none (periodic jobs): MEDIUM/LOW at most' : 'none (benign): no HIGH/CRITICAL'),
    mustName: scenario.mustName,
    detected,
    named,
    secondsToDetect: found.firstMatch ? Number(((found.firstMatch.receivedAt - t0) / 1000).toFixed(1)) : undefined,
    falseAlerts,
    warmUpAlerts,
    allAlerts: latestById(received).map((r) => summarise(r, t0)),
    passed,
    note,
    probe: run.probe.summary(t0 - WARM_UP_MS),
    artefacts: run.dir,
  };
}

export async function runScenario(lab: Lab, scenario: Scenario, outDir: string): Promise<ScenarioResult> {
  const dir = join(outDir, scenario.id);
  mkdirSync(dir, { recursive: true });
  const probe = new VictimProbe(join(dir, 'probe.log'));
  let monitor: MonitorRun | undefined;
  let staged: StagedActivity | undefined;
  let t0 = Date.now();
  let note: string | undefined;
  const found: Found = {};
  try {
    drainVictimSockets();
    await scenario.before?.(lab);
    monitor = new MonitorRun({ reportPath: join(dir, 'report.json'), authLog: labAuthLog(lab) });
    probe.start();
    await monitor.warmUp(WARM_UP_MS);
    t0 = Date.now();
    staged = await scenario.stage(lab);
    note = await watchActivity(monitor, scenario, staged, t0, found);
  } catch (error) {
    note = `harness error: ${errorMessage(error)}`;
  } finally {
    await staged?.stop().catch(() => {});
    await probe.stop();
    const stopped = await monitor?.stop().catch((error: unknown) => ({ exitCode: null, error }));
    if (monitor && stopped && stopped.exitCode !== 0) note = `${note ? `${note}; ` : ''}monitor exit code ${String(stopped.exitCode)}`;
    await scenario.after?.(lab).catch((error: unknown) => {
      note = `${note ?? ''} after() failed: ${String(error)}`;
    });
  }

  const received = monitor?.alerts ?? [];
  writeFileSync(join(dir, 'alerts.ndjson'), received.map((r) => JSON.stringify({ receivedAt: r.receivedAt, alert: r.alert })).join('\n'));
  writeFileSync(join(dir, 'monitor.stderr.txt'), monitor?.stderr ?? '');
  return judge(scenario, { dir, received, t0, found, note, probe });
}
