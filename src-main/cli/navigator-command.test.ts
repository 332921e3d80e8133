import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src-shared/report';
import { runNavigatorCommand } from './navigator-command';

const dir = mkdtempSync(join(tmpdir(), 'ns-nav-'));

describe('runNavigatorCommand', () => {
  it('writes a layer for a real report file', async () => {
    const report = buildReport({
      tool: { name: 'NetSentinel', version: '0.1.0' },
      hostname: 'h',
      os: 'Linux',
      generatedAt: 2_000,
      startedAt: 0,
      endedAt: 2_000,
      intervalSec: 1,
      ticks: 2,
      coverage: [],
      alerts: [
        { id: 'a', ruleId: 'r', techniqueId: 'T1571', severity: 'HIGH', title: 't', description: '', firstSeen: 0, lastSeen: 1, count: 1, evidence: {} },
      ],
    });
    writeFileSync(join(dir, 'report.json'), JSON.stringify(report));
    const result = await runNavigatorCommand(join(dir, 'report.json'), join(dir, 'layer.json'));
    expect(result).toMatchObject({ code: 0 });
    const layer = JSON.parse(readFileSync(join(dir, 'layer.json'), 'utf8'));
    expect(layer).toMatchObject({ domain: 'enterprise-attack', versions: { layer: '4.5' }, techniques: [{ techniqueID: 'T1571', score: 51 }] });
  });

  it('names what is wrong with a file that is not a report, and an unwritable output', async () => {
    writeFileSync(join(dir, 'other.json'), '{"threat_events": 3, "report_metadata": {}, "executive_summary": {}}');
    expect(await runNavigatorCommand(join(dir, 'other.json'), join(dir, 'x.json'))).toEqual({
      code: 2,
      message: `${join(dir, 'other.json')} is not a NetSentinel report: it has no threat_events list`,
    });
    expect((await runNavigatorCommand(join(dir, 'missing.json'), join(dir, 'x.json'))).message).toMatch(/cannot read the report .*ENOENT/);
    writeFileSync(join(dir, 'empty.json'), '{"threat_events": [], "report_metadata": {}, "executive_summary": {}}');
    expect((await runNavigatorCommand(join(dir, 'empty.json'), join(dir, 'no-such-dir', 'x.json'))).code).toBe(3);
  });
});
