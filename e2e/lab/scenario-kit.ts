// Small helpers shared by the scenario files.
import type { Alert } from '../../src-shared/model';
import { startAgent } from './agents';
import { NS, type Lab, type LabProcess } from './lab';

export function mentions(alert: Alert, text: string): boolean {
  return JSON.stringify([alert.source, alert.destination, alert.process, alert.evidence, alert.title, alert.description]).includes(text);
}

export function isEndpoint(endpoint: Alert['destination'], address: string, ports?: number[]): boolean {
  return endpoint?.address === address && (ports === undefined || endpoint.port === undefined || ports.includes(endpoint.port));
}

export function stopping(...processes: LabProcess[]): () => Promise<void> {
  return async () => {
    await Promise.all(processes.map((p) => p.stop()));
  };
}

/** One process holding TCP sessions to the given endpoints. */
export function sessions(lab: Lab, endpoints: string[], seconds: number, everyMs = 1000): Promise<LabProcess> {
  return startAgent(lab, NS.victim, 'sessions', [...endpoints.flatMap((e) => ['--to', e]), '--seconds', String(seconds), '--every', String(everyMs)]);
}
