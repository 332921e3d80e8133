// Beacons at the periods issue 11 names (3–10 s, up to 20 % jitter): each must be reported
// within 10 connections, naming the endpoint (and the process when a tick saw a call open).
import type { Alert } from '../../src-shared/model';
import { startAgent } from './agents';
import { ADDR, NS, type Lab } from './lab';
import { isEndpoint, stopping } from './scenario-kit';
import type { Scenario, StagedActivity } from './scenarios';

const TARGET = `${ADDR.ext}:8443`;

/** The alert names the beacon's endpoint and was raised by its 10th connection at the latest. */
function withinTenConnections(alert: Alert): boolean {
  return isEndpoint(alert.destination, ADDR.ext, [8443]) && Number(alert.evidence.connections) <= 10;
}

function beacon(periodMs: number, jitterMs: number, holdMs: number): (lab: Lab) => Promise<StagedActivity> {
  return async (lab) => {
    const agent = await startAgent(lab, NS.victim, 'beacon', [
      '--target',
      TARGET,
      '--period',
      String(periodMs),
      '--jitter',
      String(jitterMs),
      '--hold',
      String(holdMs),
    ]);
    return { names: withinTenConnections, stop: stopping(agent) };
  };
}

export const BEACON_SCENARIOS: Scenario[] = [
  {
    id: 'beacon-3s',
    title: `beacon: a 300 ms call every 3 s ± 0.6 s (20 %) to ${TARGET}`,
    expected: 'T1071',
    mustName: `destination ${TARGET} within 10 connections`,
    // 10 calls take 27–33 s; a tick later the alert streams.
    windowMs: 45_000,
    stage: beacon(3_000, 600, 300),
  },
  {
    id: 'beacon-8s',
    title: `beacon: a short call every 8 s ± 1.6 s (20 %) to ${TARGET}`,
    expected: 'T1071',
    mustName: `destination ${TARGET} within 10 connections`,
    windowMs: 100_000,
    stage: beacon(8_000, 1_600, 0),
  },
];
