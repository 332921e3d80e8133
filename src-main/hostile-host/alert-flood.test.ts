// Hostile host: an alert flood through the real engine, the default rules, the session and the report.
import { describe, expect, it } from 'vitest';
import type { Connection, HostSnapshot } from '../../src-shared/model';
import type { Collector } from '../collect/types';
import { createEngine } from '../detect/engine';
import { defaultRules } from '../detect/rules';
import { makeSnapshot, proc, processInfo, T0, tcp } from '../detect/test-support';
import { MonitorSession } from '../session/monitor-session';

const TICKS = 12; // 12 × 500 = 6,000 new connections: past the 5,000-alert cap
const PER_TICK = 500;

/** One reverse shell, then 500 new connections per tick from one process to distinct 127.x.y.z:4444. */
function floodSnapshots(): HostSnapshot[] {
  const shell = tcp('192.168.1.10:51515', '203.0.113.66:443', { inode: 4242, process: proc(950, 'bash') });
  return Array.from({ length: TICKS }, (_, tick) => {
    const flood: Connection[] = Array.from({ length: PER_TICK }, (_, i) => {
      const n = tick * PER_TICK + i;
      return tcp(`127.0.0.1:${20000 + (n % 40000)}`, `127.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255 || 1}:4444`, { process: proc(960, 'spray') });
    });
    return makeSnapshot({
      time: T0 + tick * 2000,
      connections: [shell, ...flood],
      processes: [processInfo(900, 1, 'cron'), processInfo(950, 900, 'bash', { stdioSocketInodes: [4242, 4242, 4242] }), processInfo(960, 1, 'spray')],
    });
  });
}

function replay(snapshots: HostSnapshot[]): Collector {
  let next = 0;
  return { collect: async () => snapshots[Math.min(next++, snapshots.length - 1)] as HostSnapshot };
}

describe('hostile host: alert flood', () => {
  it('keeps the CRITICAL reverse shell and reports the drop count (session → batch → report coverage)', async () => {
    const snapshots = floodSnapshots();
    const session = new MonitorSession({ collector: replay(snapshots), intervalMs: 100 });
    const batches: { dropped: number; ids: number }[] = [];
    session.onBatch((b) => batches.push({ dropped: b.alertsDropped, ids: b.droppedAlertIds.length }));
    await session.start();
    while (session.ticks() < TICKS) await new Promise((r) => setTimeout(r, 50));
    await session.stop();
    const alerts = session.alerts();
    expect(alerts.find((a) => a.techniqueId === 'T1059.004')).toMatchObject({ severity: 'CRITICAL', process: { pid: 950 } });
    const dropped = batches.at(-1)?.dropped ?? 0;
    expect(dropped).toBeGreaterThan(5_000);
    expect(alerts.length).toBeLessThanOrEqual(5_000);
    const report = session.buildBudgetedReport().report;
    expect(report.executive_summary.risk_level).toBe('CRITICAL');
    expect(report.coverage.find((c) => c.source === 'alerts')?.count).toBe(session.buildReport().coverage.find((c) => c.source === 'alerts')?.count);
    expect(report.coverage.find((c) => c.source === 'alerts')?.count).toBeGreaterThanOrEqual(dropped);
    const summary = alerts.find((a) => a.id.endsWith(':flood|960'));
    expect(summary?.evidence.foldedKeys).toBeGreaterThan(5_000);
    console.log(
      `[hostile-host] alert flood (${TICKS * PER_TICK} new keys): CRITICAL reverse shell kept: ` +
        `${alerts.some((a) => a.techniqueId === 'T1059.004' && a.severity === 'CRITICAL')}, ${alerts.length} alerts held, ${dropped} dropped ` +
        `(batch alertsDropped; report coverage ${report.coverage.find((c) => c.source === 'alerts')?.count}), flood summary folds ${String(summary?.evidence.foldedKeys)} keys`,
    );
  }, 60_000);

  it('with folding off, eviction at the 5,000 cap still keeps the CRITICAL alert and lists what it evicted', () => {
    const engine = createEngine(defaultRules(), { flood: { threshold: Infinity }, maxFindingsPerRule: PER_TICK });
    let evictedIds = 0;
    for (const snapshot of floodSnapshots()) {
      engine.evaluate(snapshot);
      evictedIds += engine.lastDroppedIds().length;
    }
    expect(engine.alerts()).toHaveLength(5_000);
    expect(engine.alerts().find((a) => a.techniqueId === 'T1059.004')?.severity).toBe('CRITICAL');
    expect(engine.droppedCount()).toBeGreaterThan(0);
    expect(evictedIds).toBe(engine.droppedCount());
  });
});
