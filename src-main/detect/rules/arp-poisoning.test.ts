import { describe, expect, it } from 'vitest';
import { allFindings, arp, GATEWAY_IP, makeSnapshot, runRule, severe, T0, ticks } from '../test-support';
import { arpPoisoningRule } from './arp-poisoning';
import { enrichSnapshot } from '../../enrich/enrich-snapshot';
import { Enricher } from '../../enrich/enricher';

const GW_MAC = '52:54:00:12:34:56';
const ATTACKER_MAC = '02:42:ac:11:00:66';

describe('arp-poisoning rule (T1557.002)', () => {
  it('raises CRITICAL when the gateway MAC changes mid-session, naming old and new MAC and who else has it', () => {
    const snaps = ticks(4, 2000, (i) => ({
      arp: [arp(GATEWAY_IP, i < 2 ? GW_MAC : ATTACKER_MAC), arp('192.168.1.66', ATTACKER_MAC), arp('192.168.1.20', '52:54:00:aa:bb:cc')],
    }));
    const perTick = runRule(arpPoisoningRule(), snaps);
    expect(perTick[0]).toEqual([]);
    expect(perTick[1]).toEqual([]);
    const change = perTick[2]?.find((f) => f.key.startsWith('mac-change'));
    expect(change).toMatchObject({ key: `mac-change|eth0|${GATEWAY_IP}`, severity: 'CRITICAL' });
    expect(change?.evidence).toMatchObject({
      gateway: true,
      previousMac: GW_MAC,
      newMac: ATTACKER_MAC,
      newMacAlsoClaimedBy: ['192.168.1.66'],
      previousMacHeldSec: 4,
    });
    const shared = perTick[2]?.find((f) => f.key.startsWith('gateway-shared'));
    expect(shared).toMatchObject({
      severity: 'CRITICAL',
      source: { address: '192.168.1.66' },
      evidence: { gatewayMac: ATTACKER_MAC, sharedWith: ['192.168.1.66'] },
    });
    // Nothing new while the poisoned state holds.
    expect(perTick[3]).toEqual([]);
  });

  it("folds a flip back to the real MAC into the same alert, still blaming the attacker's MAC and its window", () => {
    const macs = [GW_MAC, ATTACKER_MAC, ATTACKER_MAC, GW_MAC, GW_MAC];
    const perTick = runRule(
      arpPoisoningRule(),
      ticks(5, 2000, (i) => ({ arp: [arp(GATEWAY_IP, macs[i] as string)] })),
    );
    const findings = perTick.flat();
    expect(findings.map((f) => f.key)).toEqual([`mac-change|eth0|${GATEWAY_IP}`, `mac-change|eth0|${GATEWAY_IP}`]);
    const restore = perTick[3]?.[0];
    expect((restore?.evidence.macHistory as string[]).map((h) => h.split(' ')[0])).toEqual([GW_MAC, ATTACKER_MAC, GW_MAC]);
    // The folded alert keeps the latest wording: after the restore it must still present the attacker's MAC as the new one.
    expect(restore?.title).toBe(`Gateway ${GATEWAY_IP} changed its MAC address`);
    expect(restore?.evidence).toMatchObject({
      previousMac: GW_MAC,
      newMac: ATTACKER_MAC,
      restored: true,
      restoredMac: GW_MAC,
      suspectMac: ATTACKER_MAC,
      suspectFrom: new Date(T0 + 2000).toISOString(),
      suspectUntil: new Date(T0 + 6000).toISOString(),
      previousMacHeldSec: 4,
    });
    expect(restore?.description).toMatch(
      new RegExp(
        `^${ATTACKER_MAC} answered for the default gateway ${GATEWAY_IP} on eth0 in place of ${GW_MAC} from ${new Date(T0 + 2000).toISOString()} to ${new Date(T0 + 6000).toISOString()}, then ${GW_MAC} was restored`,
      ),
    );
    expect(restore?.description).not.toContain(`to ${GW_MAC}`);
    expect(perTick[4]).toEqual([]);
  });

  it('blames the MAC that also answers for another address when a session that started poisoned sees the restore', () => {
    const snaps = ticks(3, 2000, (i) => ({ arp: [arp(GATEWAY_IP, i < 2 ? ATTACKER_MAC : GW_MAC), arp('192.168.1.66', ATTACKER_MAC)] }));
    const change = allFindings(arpPoisoningRule(), snaps).filter((f) => f.key.startsWith('mac-change'));
    expect(change).toHaveLength(1);
    expect(change[0]?.evidence).toMatchObject({ previousMac: GW_MAC, newMac: ATTACKER_MAC, restored: true, suspectUntil: new Date(T0 + 4000).toISOString() });
  });

  it('blames the newest MAC again when the poisoning resumes after a restore', () => {
    const macs = [GW_MAC, ATTACKER_MAC, GW_MAC, ATTACKER_MAC];
    const last = allFindings(
      arpPoisoningRule(),
      ticks(4, 2000, (i) => ({ arp: [arp(GATEWAY_IP, macs[i] as string)] })),
    ).at(-1);
    expect(last?.evidence).toMatchObject({ previousMac: GW_MAC, newMac: ATTACKER_MAC, restored: false, suspectFrom: new Date(T0 + 6000).toISOString() });
    expect(last?.evidence.suspectUntil).toBeUndefined();
  });

  it('catches a session that starts already poisoned when the attacker also answers for its own address', () => {
    const findings = allFindings(arpPoisoningRule(), [makeSnapshot({ arp: [arp(GATEWAY_IP, ATTACKER_MAC), arp('192.168.1.66', ATTACKER_MAC)] })]);
    expect(findings.map((f) => [f.key, f.severity])).toEqual([[`gateway-shared|${GATEWAY_IP}`, 'CRITICAL']]);
  });

  it('rates a change of an ordinary neighbour HIGH', () => {
    const findings = allFindings(
      arpPoisoningRule(),
      ticks(2, 2000, (i) => ({ arp: [arp('192.168.1.20', i ? ATTACKER_MAC : '52:54:00:aa:bb:cc')] })),
    );
    expect(findings.map((f) => [f.key, f.severity, f.evidence.gateway])).toEqual([['mac-change|eth0|192.168.1.20', 'HIGH', false]]);
  });

  it("does not alert on a multi-address host, the gateway's IPv6 addresses, unresolved entries or MAC spelling", () => {
    const snaps = ticks(4, 2000, (i) => ({
      arp: [
        arp(GATEWAY_IP, i === 3 ? '52:54:0:12:34:56' : GW_MAC),
        arp('fe80::1', GW_MAC),
        arp('fd00::1', GW_MAC.toUpperCase()),
        arp('192.168.1.50', '52:54:00:00:00:50'),
        arp('192.168.1.51', '52:54:00:00:00:50'),
        arp('192.168.1.52', '52:54:00:00:00:50'),
        arp('192.168.1.20', i === 1 ? '' : '52:54:00:aa:bb:cc', { state: i === 1 ? 'FAILED' : 'STALE' }),
        arp('192.168.1.21', i % 2 ? '' : '00:00:00:00:00:00', { state: 'INCOMPLETE' }),
      ],
    }));
    expect(allFindings(arpPoisoningRule(), snaps)).toEqual([]);
    expect(severe(allFindings(arpPoisoningRule(), snaps))).toEqual([]);
  });

  it("names the vendors when the gateway's MAC changes maker (real OUI data): a Raspberry Pi gateway answered by a random MAC", async () => {
    const enricher = new Enricher();
    await enricher.load();
    const PI_MAC = 'b8:27:eb:12:34:56';
    const snaps = ticks(2, 2000, (i) => ({ arp: [arp(GATEWAY_IP, i === 0 ? PI_MAC : ATTACKER_MAC)] })).map((snapshot) => enrichSnapshot(snapshot, enricher));
    const change = allFindings(arpPoisoningRule(), snaps).find((f) => f.key.startsWith('mac-change'));
    expect(change?.evidence).toMatchObject({
      previousVendor: expect.stringMatching(/Raspberry Pi/),
      newVendor: expect.stringMatching(/^locally administered/),
      vendorChanged: true,
    });
    expect(change?.description).toMatch(/\(vendor Raspberry Pi.* → locally administered/);
  });

  it('adds no vendor evidence when the data knows neither MAC', () => {
    const change = allFindings(
      arpPoisoningRule(),
      ticks(2, 2000, (i) => ({ arp: [arp(GATEWAY_IP, i === 0 ? GW_MAC : ATTACKER_MAC)] })),
    ).find((f) => f.key.startsWith('mac-change'));
    expect(change?.evidence['vendorChanged']).toBeUndefined();
  });
});
