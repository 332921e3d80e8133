import { describe, expect, it } from 'vitest';
import type { Alert, Severity } from '../../src-shared/model';
import { CriticalAlertNotifier, notificationContent } from './notifications';

function alert(id: string, severity: Severity, count = 1): Alert {
  return {
    id,
    ruleId: id.split(':')[0] ?? id,
    techniqueId: 'T1059.004',
    severity,
    title: 'Shell bound to a socket',
    description: 'bash has a TCP socket on stdin',
    firstSeen: 1,
    lastSeen: 1 + count,
    count,
    process: { pid: 4242, name: 'bash' },
    evidence: {},
  };
}

describe('CriticalAlertNotifier', () => {
  it('announces a new CRITICAL alert once, however often it updates', () => {
    const notifier = new CriticalAlertNotifier();
    expect(notifier.select([alert('shell:1', 'CRITICAL')], true).map((a) => a.id)).toEqual(['shell:1']);
    expect(notifier.select([alert('shell:1', 'CRITICAL', 2)], true)).toEqual([]);
    expect(notifier.select([alert('shell:1', 'CRITICAL', 3), alert('shell:2', 'CRITICAL')], true).map((a) => a.id)).toEqual(['shell:2']);
  });

  it('ignores lower severities, and announces an alert when it escalates to CRITICAL', () => {
    const notifier = new CriticalAlertNotifier();
    expect(notifier.select([alert('scan:1', 'HIGH'), alert('port:1', 'MEDIUM'), alert('x:1', 'LOW')], true)).toEqual([]);
    expect(notifier.select([alert('scan:1', 'CRITICAL')], true).map((a) => a.id)).toEqual(['scan:1']);
  });

  it('announces nothing when turned off, and does not replay those alerts when turned on again', () => {
    const notifier = new CriticalAlertNotifier();
    expect(notifier.select([alert('shell:1', 'CRITICAL')], false)).toEqual([]);
    expect(notifier.select([alert('shell:1', 'CRITICAL', 2)], true)).toEqual([]);
    expect(notifier.select([alert('shell:2', 'CRITICAL')], true)).toHaveLength(1);
  });

  it('starts over after reset (a new session)', () => {
    const notifier = new CriticalAlertNotifier();
    notifier.select([alert('shell:1', 'CRITICAL')], true);
    notifier.reset();
    expect(notifier.select([alert('shell:1', 'CRITICAL')], true)).toHaveLength(1);
  });

  it('starts over when batches come from a new session', () => {
    const notifier = new CriticalAlertNotifier();
    expect(notifier.forBatch({ startedAt: 1000, changedAlerts: [alert('shell:1', 'CRITICAL')] }, true)).toHaveLength(1);
    expect(notifier.forBatch({ startedAt: 1000, changedAlerts: [alert('shell:1', 'CRITICAL', 2)] }, true)).toHaveLength(0);
    expect(notifier.forBatch({ startedAt: 9000, changedAlerts: [alert('shell:1', 'CRITICAL')] }, true)).toHaveLength(1);
  });

  it('announces two alerts of one batch, in batch order', () => {
    const notifier = new CriticalAlertNotifier();
    expect(notifier.select([alert('b:1', 'CRITICAL'), alert('a:1', 'CRITICAL')], true).map((a) => a.id)).toEqual(['b:1', 'a:1']);
  });
});

describe('notificationContent', () => {
  it('names the technique and the process', () => {
    const content = notificationContent(alert('shell:1', 'CRITICAL'));
    expect(content.title).toBe('CRITICAL: Shell bound to a socket');
    expect(content.body).toContain('T1059.004 Command and Scripting Interpreter: Unix Shell — bash (pid 4242)');
    expect(content.body).toContain('bash has a TCP socket on stdin');
  });

  it('copes with an unknown technique and no process', () => {
    const content = notificationContent({ ...alert('x:1', 'CRITICAL'), techniqueId: 'T9999', process: undefined });
    expect(content.body.startsWith('T9999\n')).toBe(true);
  });

  it('escapes markup, terminal controls, bidi overrides and line separators from a hostile process name', () => {
    const hostile = {
      ...alert('shell:1', 'CRITICAL'),
      title: 'Shell\u202e<b>',
      process: { pid: 7, name: '<img src=x onerror=1>\u001b[31m\u202egnp.exe' },
      description: '<a href="http://evil">click</a>\u2028\u009b2J',
    };
    const content = notificationContent(hostile, { bodyIsMarkup: true });
    expect(content.body).not.toMatch(/[<>\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/);
    expect(content.body).toContain('&lt;img src=x onerror=1&gt;\\x1b[31m\\u202egnp.exe (pid 7)');
    expect(content.title).toBe('CRITICAL: Shell\\u202e<b>');
    const plain = notificationContent(hostile, { bodyIsMarkup: false });
    expect(plain.body).toContain('<img src=x onerror=1>\\x1b[31m');
  });
});
