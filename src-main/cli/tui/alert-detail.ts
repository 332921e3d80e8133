// An alert's evidence and recommendation as label/value lines, for the Enter view.
import { getTechnique } from '../../../src-shared/attack';
import { formatEndpoint } from '../../../src-shared/endpoint';
import { formatClock, formatCount } from '../../../src-shared/format';
import type { Alert, EvidenceValue } from '../../../src-shared/model';

export interface DetailLine {
  label: string;
  value: string;
}

function evidenceText(value: EvidenceValue): string {
  if (value === null) return '—';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

export function alertDetailLines(alert: Alert): DetailLine[] {
  const technique = getTechnique(alert.techniqueId);
  const lines: DetailLine[] = [
    { label: 'Severity', value: alert.status === 'suppressed' ? `${alert.severity} (suppressed)` : alert.severity },
    { label: 'ATT&CK', value: `${alert.techniqueId} ${technique?.name ?? 'unknown technique'}${technique ? ` (${technique.tactics.join(', ')})` : ''}` },
    { label: 'Rule', value: alert.ruleId },
    { label: 'Seen', value: `${formatCount(alert.count)} × · first ${formatClock(alert.firstSeen)} · last ${formatClock(alert.lastSeen)}` },
    {
      label: 'Process',
      value: alert.process
        ? `${alert.process.name} (pid ${alert.process.pid})${alert.process.user ? ` user ${alert.process.user}` : ''}`
        : 'unknown (run elevated for full attribution)',
    },
  ];
  if (alert.process?.exe) lines.push({ label: 'Exe', value: alert.process.exe });
  if (alert.process?.cmdline) lines.push({ label: 'Command', value: alert.process.cmdline });
  if (alert.source) lines.push({ label: 'Source', value: formatEndpoint(alert.source.address, alert.source.port) });
  if (alert.destination) lines.push({ label: 'Destination', value: formatEndpoint(alert.destination.address, alert.destination.port) });
  lines.push({ label: 'What', value: alert.description });
  lines.push({ label: 'Do this', value: technique?.recommendation ?? 'Investigate the process and endpoints above.' });
  for (const [key, value] of Object.entries(alert.evidence)) lines.push({ label: key, value: evidenceText(value) });
  return lines;
}
