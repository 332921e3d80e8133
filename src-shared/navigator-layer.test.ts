import { describe, expect, it } from 'vitest';
import type { Alert, Severity } from './model';
import { navigatorLayer, techniqueScore } from './navigator-layer';
import { buildReport } from './report';

function alert(id: string, techniqueId: string, severity: Severity, count = 1): Alert {
  return {
    id,
    ruleId: id.split(':')[0] ?? id,
    techniqueId,
    severity,
    title: `alert ${id}`,
    description: '',
    firstSeen: 1_000,
    lastSeen: 5_000,
    count,
    evidence: {},
  };
}

function reportOf(alerts: Alert[]) {
  return buildReport({
    tool: { name: 'NetSentinel', version: '0.1.0' },
    hostname: 'web-01',
    os: 'Linux',
    generatedAt: 10_000,
    startedAt: 0,
    endedAt: 10_000,
    intervalSec: 2,
    ticks: 5,
    alerts,
    coverage: [],
  });
}

describe('navigatorLayer', () => {
  it('writes a 4.5 enterprise layer with one scored entry per technique', () => {
    const layer = navigatorLayer(
      reportOf([
        alert('scan:a', 'T1046', 'HIGH', 3),
        alert('scan:b', 'T1046', 'MEDIUM'),
        alert('shell:x', 'T1059.004', 'CRITICAL'),
        alert('port:p', 'T1571', 'LOW', 7),
      ]),
    );
    expect(layer.versions).toEqual({ attack: '18', navigator: '5.2.0', layer: '4.5' });
    expect(layer.domain).toBe('enterprise-attack');
    expect(layer.techniques.map((t) => [t.techniqueID, t.score])).toEqual([
      ['T1059.004', 76],
      ['T1046', 52],
      ['T1571', 1],
    ]);
    const scan = layer.techniques.find((t) => t.techniqueID === 'T1046');
    expect(scan?.comment).toBe('[HIGH] alert scan:a (×3)\n[MEDIUM] alert scan:b');
    expect(scan?.metadata).toContainEqual({ name: 'occurrences', value: '4' });
    expect(scan?.links).toEqual([{ label: 'ATT&CK T1046', url: 'https://attack.mitre.org/techniques/T1046/' }]);
    expect(layer.gradient.maxValue).toBeGreaterThan(layer.gradient.minValue);
    for (const t of layer.techniques) expect(t.techniqueID).toMatch(/^T\d{4}(\.\d{3})?$/);
  });

  it('scores within severity bands and caps the count', () => {
    expect(techniqueScore('LOW', 1)).toBe(1);
    expect(techniqueScore('LOW', 400)).toBe(25);
    expect(techniqueScore('MEDIUM', 1)).toBe(26);
    expect(techniqueScore('CRITICAL', 30)).toBe(100);
  });

  it('names at most ten alerts in a comment and counts the rest', () => {
    const many = Array.from({ length: 13 }, (_, i) => alert(`scan:${i}`, 'T1046', 'HIGH'));
    const comment = navigatorLayer(reportOf(many)).techniques[0]?.comment ?? '';
    expect(comment.split('\n')).toHaveLength(11);
    expect(comment).toMatch(/… and 3 more alerts$/);
  });

  it('leaves out suppressed alerts and writes an empty layer for a clean report', () => {
    const report = reportOf([alert('scan:a', 'T1046', 'HIGH')]);
    (report.threat_events[0] as unknown as { status: string }).status = 'suppressed';
    expect(navigatorLayer(report).techniques).toEqual([]);
    expect(navigatorLayer(reportOf([])).techniques).toEqual([]);
  });
});
