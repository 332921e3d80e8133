// The lab's result matrix: scenario | expected | detected | seconds to detect | false alerts.
import type { AlertSummary, ScenarioResult } from './runner';

export interface MatrixRow {
  id: string;
  result?: ScenarioResult;
  /** Set when the scenario was skipped (missing tool …). */
  skipped?: string;
}

function alertList(alerts: AlertSummary[]): string {
  return alerts.map((a) => `${a.techniqueId} ${a.severity}${a.process ? ` ${a.process}` : ''}${a.destination ? ` →${a.destination}` : ''}`).join('; ');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderMatrix(rows: MatrixRow[]): string {
  const lines = ['| scenario | expected | detected | seconds to detect | false alerts | result |', '|---|---|---|---|---|---|'];
  for (const { id, result, skipped } of rows) {
    if (!result) {
      lines.push(`| ${id} | | | | | ${cell(skipped ? `skipped: ${skipped}` : 'not run')} |`);
      continue;
    }
    const benign = result.expected.startsWith('none');
    const detected = benign ? '-' : result.named ? 'yes' : result.detected ? 'technique only (wrong target)' : 'no';
    const seconds = result.secondsToDetect === undefined ? '-' : result.secondsToDetect.toFixed(1);
    const falseAlerts = result.falseAlerts.length === 0 ? '0' : `${result.falseAlerts.length}: ${alertList(result.falseAlerts)}`;
    const verdict = result.passed ? 'PASS' : `FAIL: ${result.note ?? ''}`;
    lines.push(`| ${id} | ${result.expected} | ${detected} | ${seconds} | ${cell(falseAlerts)} | ${cell(verdict)} |`);
  }
  return lines.join('\n');
}
