// An alert change as an RFC 5424 message: key fields as structured data, the ECS document as MSG.
import { endpointLabel } from '../../src-shared/endpoint';
import type { Alert } from '../../src-shared/model';
import { displaySafeJson } from '../../src-shared/sanitize';
import { alertToEcs, type AlertAction, type EcsAlertDocument, type EcsHostInfo } from './ecs';
import type { SyslogMessage } from './syslog-format';

/** Collectors commonly accept 8 KiB per message (rsyslog's default); the ECS JSON is fitted under it. */
export const SYSLOG_MESSAGE_BUDGET = 7_500;

/** The ECS JSON (display-safe: see displaySafeJson), with evidence and then the command line left out when the whole would not fit. */
export function fitEcsJson(doc: EcsAlertDocument, budget = SYSLOG_MESSAGE_BUDGET): string {
  let json = displaySafeJson(doc);
  if (Buffer.byteLength(json) <= budget) return json;
  const slim: EcsAlertDocument = { ...doc, netsentinel: { ...doc.netsentinel, evidence: { truncated: true } } };
  json = displaySafeJson(slim);
  if (Buffer.byteLength(json) <= budget || !slim.process) return json;
  const { command_line: _dropped, ...process } = slim.process;
  return displaySafeJson({ ...slim, process });
}

export function alertSyslogMessage(alert: Alert, host: EcsHostInfo, action: AlertAction, procId: number, status?: string): SyslogMessage {
  return {
    severity: alert.severity,
    time: alert.lastSeen,
    hostname: host.name,
    appName: 'netsentinel',
    procId,
    msgId: alert.techniqueId,
    structuredData: {
      alert_id: alert.id,
      rule: alert.ruleId,
      technique: alert.techniqueId,
      severity: alert.severity,
      count: alert.count,
      action,
      status,
      src: endpointLabel(alert.source),
      dst: endpointLabel(alert.destination),
      pid: alert.process?.pid,
      process: alert.process?.name,
    },
    message: fitEcsJson(alertToEcs(alert, host, action, status)),
  };
}
