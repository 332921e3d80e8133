import { EcsVersion } from '@elastic/ecs';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src-shared/model';
import { ECS_VERSION, alertToEcs, type EcsAlertDocument } from './ecs';
import { ecsProblems } from './ecs-check';

const HOST = { name: 'web-01', os: 'Linux 6.1.0 (linux/x64)', platform: 'linux' };

const reverseShell: Alert = {
  id: 'reverse-shell:4242|8.8.8.8:443',
  ruleId: 'reverse-shell',
  techniqueId: 'T1059.004',
  severity: 'CRITICAL',
  title: 'Reverse shell: bash (pid 4242) wired to 8.8.8.8:443',
  description: 'stdin and stdout of bash are a TCP socket',
  firstSeen: Date.UTC(2026, 10, 29, 10, 0, 0),
  lastSeen: Date.UTC(2026, 10, 29, 10, 0, 4),
  count: 3,
  destination: { address: '8.8.8.8', port: 443, geo: { country: 'US', asn: 15169, asOrg: 'Google LLC' } },
  process: { pid: 4242, name: 'bash', exe: '/usr/bin/bash', cmdline: 'bash -i', ppid: 4000, user: 'www-data' },
  evidence: { protocol: 'tcp', stdio: ['socket', 'socket', 'socket'] },
};

const scan: Alert = {
  id: 'network-scan:10.0.0.66',
  ruleId: 'network-scan',
  techniqueId: 'T1046',
  severity: 'HIGH',
  title: 'Port scan from 10.0.0.66',
  description: '900 ports in 5 s',
  firstSeen: 1_000,
  lastSeen: 2_000,
  count: 1,
  source: { address: '10.0.0.66' },
  evidence: { ports: 900 },
};

describe('alertToEcs', () => {
  it('follows the ECS release of the bundled @elastic/ecs package', () => {
    expect(ECS_VERSION).toBe(EcsVersion);
  });

  it('maps a reverse shell to ECS with the parent technique and the sub-technique', () => {
    const doc = alertToEcs(reverseShell, HOST, 'alert-created');
    expect(ecsProblems(doc)).toEqual([]);
    expect(doc).toMatchObject({
      '@timestamp': '2026-11-29T10:00:04.000Z',
      ecs: { version: '9.4.0' },
      event: {
        kind: 'alert',
        category: ['intrusion_detection', 'network', 'process'],
        type: ['info'],
        action: 'alert-created',
        id: reverseShell.id,
        severity: 99,
        start: '2026-11-29T10:00:00.000Z',
      },
      rule: { id: 'reverse-shell', name: 'reverse-shell' },
      threat: {
        framework: 'MITRE ATT&CK',
        technique: {
          id: 'T1059',
          name: 'Command and Scripting Interpreter',
          reference: 'https://attack.mitre.org/techniques/T1059/',
          subtechnique: { id: 'T1059.004', name: 'Unix Shell', reference: 'https://attack.mitre.org/techniques/T1059/004/' },
        },
        tactic: { id: ['TA0002'], name: ['Execution'], reference: ['https://attack.mitre.org/tactics/TA0002/'] },
      },
      host: { name: 'web-01', os: { type: 'linux' } },
      destination: {
        ip: '8.8.8.8',
        port: 443,
        address: '8.8.8.8',
        geo: { country_iso_code: 'US' },
        as: { number: 15169, organization: { name: 'Google LLC' } },
      },
      network: { direction: 'outbound', transport: 'tcp' },
      process: { pid: 4242, name: 'bash', executable: '/usr/bin/bash', command_line: 'bash -i', parent: { pid: 4000 } },
      user: { name: 'www-data' },
      netsentinel: { count: 3, severity: 'CRITICAL', evidence: { protocol: 'tcp' } },
    });
  });

  it('maps an inbound scan with a source and no process, and a technique without sub-technique', () => {
    const doc = alertToEcs(scan, HOST, 'alert-updated');
    expect(ecsProblems(doc)).toEqual([]);
    expect(doc.threat?.technique).toEqual({ id: 'T1046', name: 'Network Service Discovery', reference: 'https://attack.mitre.org/techniques/T1046/' });
    expect(doc.source).toEqual({ address: '10.0.0.66', ip: '10.0.0.66' });
    expect(doc.network).toEqual({ direction: 'inbound' });
    expect(doc.process).toBeUndefined();
    expect(doc.event?.severity).toBe(73);
  });

  it('keeps a non-IP endpoint out of the ip field', () => {
    const doc = alertToEcs({ ...scan, source: { address: 'not-an-ip<script>' } }, HOST, 'alert-created');
    expect(doc.source).toEqual({ address: 'not-an-ip<script>' });
    expect(ecsProblems(doc)).toEqual([]);
  });

  it('the validator catches a wrong field (so the checks above can fail)', () => {
    const doc = alertToEcs(scan, HOST, 'alert-created') as unknown as Record<string, unknown>;
    (doc.event as Record<string, unknown>).kind = 'alarm';
    (doc as Record<string, unknown>).sourse = { ip: '1.2.3.4' };
    expect(ecsProblems(doc as unknown as EcsAlertDocument)).toEqual(['event.kind: "alarm" not allowed', 'sourse.ip: not an ECS field']);
  });
});
