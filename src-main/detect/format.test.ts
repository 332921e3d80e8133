import { describe, expect, it } from 'vitest';
import { finding } from './format';
import { proc } from './test-support';

const text = { key: 'k', severity: 'HIGH', title: 't', description: 'd' } as const;

describe('finding()', () => {
  it("names the process and adds its evidence fields after the rule's own", () => {
    const built = finding({ ...text, process: proc(42, 'nc', { exe: '/usr/bin/nc' }), evidence: { port: 4444 }, occurrences: 3 });
    expect(built).toStrictEqual({
      ...text,
      process: proc(42, 'nc', { exe: '/usr/bin/nc' }),
      occurrences: 3,
      evidence: { port: 4444, processName: 'nc', pid: 42, exe: '/usr/bin/nc', user: '' },
    });
    expect(Object.keys(built.evidence)).toEqual(['port', 'processName', 'pid', 'exe', 'user']);
  });

  it('leaves out what is undefined, and marks an unknown process as unknown in the evidence', () => {
    const built = finding({ ...text, source: undefined, destination: { address: '203.0.113.5', port: 22 }, process: undefined });
    expect(built).toStrictEqual({
      ...text,
      destination: { address: '203.0.113.5', port: 22 },
      evidence: { processName: '', pid: -1, exe: '', user: '' },
    });
  });

  it('adds no process fields to a finding about no process', () => {
    expect(finding({ ...text, source: { address: '198.51.100.7' }, processFields: false, evidence: { ports: [22, 23] } })).toStrictEqual({
      ...text,
      source: { address: '198.51.100.7' },
      evidence: { ports: [22, 23] },
    });
  });
});
