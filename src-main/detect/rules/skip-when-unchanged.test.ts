// Every rule that lets the engine skip it on an unchanged host state must earn it: given the same
// snapshot arrays again, later, it finds nothing and its state is as it was.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HostSnapshot, LowLevelSocket } from '../../../src-shared/model';
import { HomeNet } from '../../../src-shared/net';
import { parsePacketTable } from '../../collect/linux/low-level-sockets';
import { createEngine } from '../engine';
import { makeSnapshot, proc, processInfo, T0, tcp } from '../test-support';
import type { RuleContext } from '../types';
import { defaultRules } from './index';

// Real /proc/net/packet captured while tcpdump -i lo (inode 11057) ran.
const packets = parsePacketTable(readFileSync(new URL('../../collect/fixtures/proc-net-packet.txt', import.meta.url), 'utf8')).sockets;
const tcpdumpSocket: LowLevelSocket = {
  ...(packets.find((s) => s.inode === 11057) as LowLevelSocket),
  process: proc(700, 'tcpdump', { exe: '/usr/bin/tcpdump' }),
};

/** One host with something for each of those rules to report: a reverse shell, a dropped program, an office shell, a sniffer, an ssh tunnel. */
function hostWithEverything(): HostSnapshot {
  return makeSnapshot({
    time: T0,
    connections: [
      tcp('192.168.1.10:51515', '203.0.113.66:443', { inode: 777, process: proc(900, 'bash') }),
      tcp('192.168.1.10:40000', '203.0.113.9:443', { inode: 778, process: proc(500, 'x', { exe: '/tmp/x' }) }),
    ],
    processes: [
      processInfo(1, 0, 'systemd'),
      processInfo(800, 1, 'cron'),
      processInfo(900, 800, 'bash', { cmdline: 'bash -i', stdioSocketInodes: [777, 777, 777], startTime: T0 - 500 }),
      processInfo(500, 1, 'x', { exe: '/tmp/x' }),
      processInfo(50, 1, 'soffice.bin'),
      processInfo(51, 50, 'sh', { cmdline: 'sh -c curl' }),
      processInfo(700, 1, 'tcpdump', { exe: '/usr/bin/tcpdump' }),
      processInfo(60, 1, 'ssh', { exe: '/usr/bin/ssh', cmdline: 'ssh -N -L 8080:db.internal:5432 alice@203.0.113.20' }),
    ],
    lowLevelSockets: [tcpdumpSocket],
  });
}

const context = (now: number): RuleContext => ({ homeNet: new HomeNet([]), now });

describe('rules the engine skips when the host state is unchanged', () => {
  const skippable = defaultRules().filter((rule) => rule.skipWhenHostUnchanged);

  it('are the report-once rules', () => {
    expect(skippable.map((rule) => rule.id).sort()).toEqual([
      'download-exec',
      'first-network-use',
      'packet-capture',
      'reverse-shell',
      'ssh-forwarding',
      'suspicious-spawn',
    ]);
  });

  for (const rule of skippable) {
    it(`${rule.id}: the same host again, 2 s and 60 s later, finds nothing and leaves the state as it was`, () => {
      const state = rule.createState();
      // An empty host two minutes before: past first-network-use's learning minute.
      rule.evaluate(makeSnapshot({ time: T0 - 120_000 }), state, context(T0 - 120_000));
      const snapshot = hostWithEverything();
      expect(rule.evaluate(snapshot, state, context(T0)).length, 'the test host must give this rule something to report').toBeGreaterThan(0);
      const before = structuredClone(state);
      for (const later of [2_000, 60_000]) {
        expect(rule.evaluate({ ...snapshot, time: T0 + later }, state, context(T0 + later))).toEqual([]);
        expect(state).toEqual(before);
      }
    });
  }
});

describe('engine on an unchanged host state', () => {
  it('gives the same alerts as running every rule, and runs them again once anything changes', () => {
    const run = (skip: boolean): string[] => {
      const rules = defaultRules().map((rule) => ({ ...rule, skipWhenHostUnchanged: skip && rule.skipWhenHostUnchanged }));
      const engine = createEngine(rules);
      const first = hostWithEverything();
      const seen: string[] = [];
      const record = (alerts: { id: string; count: number }[]): void => {
        for (const a of alerts) seen.push(`${a.id}#${a.count}`);
      };
      record(engine.evaluate(first));
      for (let i = 1; i <= 3; i++) record(engine.evaluate({ ...first, time: T0 + i * 2000 }));
      // A new process: a fresh array, so every rule runs; the new shell under the office app is reported.
      const changed = { ...first, time: T0 + 8000, processes: [...first.processes, processInfo(52, 50, 'bash')] };
      record(engine.evaluate(changed));
      return seen.sort();
    };
    const withSkips = run(true);
    expect(withSkips).toEqual(run(false));
    expect(withSkips).toContain('suspicious-spawn:soffice.bin|bash#1');
  });
});
