// One Elastic Common Schema (ECS) document per alert change, for SIEMs (Elastic, OpenSearch, Splunk,
// Graylog …). Typed with @elastic/ecs so a misspelt field fails to compile.
import type { Ecs, EcsDestination, EcsProcess, EcsSource, EcsThreat } from '@elastic/ecs';
import { TACTIC_IDS, getTechnique, tacticUrl, techniqueParts, techniqueUrl } from '../../src-shared/attack';
import type { Alert, Endpoint, EvidenceValue, Severity } from '../../src-shared/model';
import { isIp } from '../../src-shared/net';

/** The ECS release the documents follow (the @elastic/ecs package's `EcsVersion`, checked by a test). */
export const ECS_VERSION = '9.4.0';

/** Numeric `event.severity`, in the bands Elastic Security uses for its own risk scores. */
export const ECS_SEVERITY: Readonly<Record<Severity, number>> = { LOW: 21, MEDIUM: 47, HIGH: 73, CRITICAL: 99 };

export type AlertAction = 'alert-created' | 'alert-updated';

export interface EcsHostInfo {
  name: string;
  /** Free text, e.g. "Linux 6.1.0 (linux/x64)". */
  os: string;
  platform: string;
}

/** This host as the ECS documents name it (the CLI's stream and the app's session export). */
export function localEcsHost(hostname: string): EcsHostInfo {
  return { name: hostname, os: process.platform, platform: process.platform };
}

/** Created for an alert seen once, updated afterwards. */
export function alertAction(alert: Alert): AlertAction {
  return alert.firstSeen === alert.lastSeen && alert.count <= 1 ? 'alert-created' : 'alert-updated';
}

/** NetSentinel's own field set: what ECS has no home for. */
export interface NetSentinelFields {
  alert_id: string;
  severity: Severity;
  count: number;
  first_seen: string;
  last_seen: string;
  title: string;
  evidence: Record<string, EvidenceValue>;
  status?: string;
}

export type EcsAlertDocument = Ecs & { '@timestamp': string; netsentinel: NetSentinelFields };

function endpointFields(endpoint: Endpoint | undefined): EcsSource & EcsDestination {
  if (!endpoint) return {};
  const fields: EcsSource & EcsDestination = { address: endpoint.address };
  if (isIp(endpoint.address)) fields.ip = endpoint.address;
  if (endpoint.port !== undefined) fields.port = endpoint.port;
  if (endpoint.geo?.country) fields.geo = { country_iso_code: endpoint.geo.country };
  if (endpoint.geo?.asn !== undefined) fields.as = { number: endpoint.geo.asn, ...(endpoint.geo.asOrg ? { organization: { name: endpoint.geo.asOrg } } : {}) };
  return fields;
}

function processFields(alert: Alert): EcsProcess | undefined {
  const process = alert.process;
  if (!process) return undefined;
  const fields: EcsProcess = { pid: process.pid, name: process.name };
  if (process.exe) fields.executable = process.exe;
  if (process.cmdline) fields.command_line = process.cmdline;
  if (process.ppid !== undefined) fields.parent = { pid: process.ppid };
  return fields;
}

function threatFields(techniqueId: string): EcsThreat {
  const technique = getTechnique(techniqueId);
  if (!technique) return { framework: 'MITRE ATT&CK', technique: { id: techniqueId } };
  const parts = techniqueParts(technique);
  const threat: EcsThreat = {
    framework: 'MITRE ATT&CK',
    technique: { id: parts.parentId, name: parts.parentName, reference: techniqueUrl(parts.parentId) },
    tactic: {
      id: technique.tactics.map((tactic) => TACTIC_IDS[tactic]),
      name: [...technique.tactics],
      reference: technique.tactics.map(tacticUrl),
    },
  };
  if (parts.subName !== undefined && threat.technique) {
    threat.technique.subtechnique = { id: technique.id, name: parts.subName, reference: technique.url };
  }
  return threat;
}

function techniqueReference(techniqueId: string): { reference?: string } {
  const url = getTechnique(techniqueId)?.url;
  return url ? { reference: url } : {};
}

function categories(alert: Alert): string[] {
  const list = ['intrusion_detection'];
  if (alert.source || alert.destination) list.push('network');
  if (alert.process) list.push('process');
  return list;
}

function direction(alert: Alert): string | undefined {
  const stated = alert.evidence['direction'];
  if (stated === 'inbound' || stated === 'outbound' || stated === 'internal' || stated === 'external') return stated;
  if (alert.source && !alert.destination) return 'inbound';
  if (alert.destination && !alert.source) return 'outbound';
  return undefined;
}

function transport(alert: Alert): string | undefined {
  const stated = alert.evidence['protocol'];
  return stated === 'tcp' || stated === 'udp' || stated === 'icmp' ? stated : undefined;
}

/** The ECS document for one created or updated alert. Pure: the time comes from the alert. */
export function alertToEcs(alert: Alert, host: EcsHostInfo, action: AlertAction, status?: string): EcsAlertDocument {
  const iso = (ms: number): string => new Date(ms).toISOString();
  const doc: EcsAlertDocument = {
    '@timestamp': iso(alert.lastSeen),
    ecs: { version: ECS_VERSION },
    message: alert.title,
    event: {
      kind: 'alert',
      category: categories(alert),
      type: ['info'],
      action,
      id: alert.id,
      severity: ECS_SEVERITY[alert.severity],
      start: iso(alert.firstSeen),
      end: iso(alert.lastSeen),
      module: 'netsentinel',
      dataset: 'netsentinel.alert',
      reason: alert.description,
    },
    rule: { id: alert.ruleId, name: alert.ruleId, ruleset: 'netsentinel', ...techniqueReference(alert.techniqueId) },
    threat: threatFields(alert.techniqueId),
    host: { name: host.name, hostname: host.name, os: { full: host.os, platform: host.platform, type: host.platform === 'darwin' ? 'macos' : host.platform } },
    observer: { vendor: 'NetSentinel', product: 'NetSentinel', type: 'host-ids' },
    netsentinel: {
      alert_id: alert.id,
      severity: alert.severity,
      count: alert.count,
      first_seen: iso(alert.firstSeen),
      last_seen: iso(alert.lastSeen),
      title: alert.title,
      evidence: alert.evidence,
      ...(status ? { status } : {}),
    },
  };
  if (alert.source) doc.source = endpointFields(alert.source);
  if (alert.destination) doc.destination = endpointFields(alert.destination);
  const networkDirection = direction(alert);
  const networkTransport = transport(alert);
  if (networkDirection || networkTransport) {
    doc.network = { ...(networkDirection ? { direction: networkDirection } : {}), ...(networkTransport ? { transport: networkTransport } : {}) };
  }
  const process = processFields(alert);
  if (process) doc.process = process;
  if (alert.process?.user) doc.user = { name: alert.process.user };
  return doc;
}
