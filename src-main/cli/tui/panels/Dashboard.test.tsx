import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { capturedInput, capturedModel } from '../captured-input.test-helper';
import { initialUiState, type UiState } from '../keys';
import type { Size } from '../layout';
import { renderDashboardText } from '../render-text';
import type { DashboardModel } from '../view-model';

function screen(size: Size, options: { model?: DashboardModel; ui?: Partial<UiState>; ascii?: boolean } = {}): string[] {
  const model = options.model ?? capturedModel();
  return renderDashboardText(model, { size, caps: { color: false, unicode: !options.ascii }, ...(options.ui ? { ui: options.ui } : {}) }).split('\n');
}

describe('Dashboard', () => {
  it('fills 120x40 with every panel, the alert and its ATT&CK id on screen', () => {
    const lines = screen({ columns: 120, rows: 40 });
    expect(lines).toHaveLength(40);
    expect(lines.every((line) => stringWidth(line) <= 120)).toBe(true);
    const text = lines.join('\n');
    expect(text).toMatch(/T1571 +Connection to known-bad port 4444/);
    for (const title of ['Alerts', 'System', 'Connections', 'Listening', 'ARP / gateway', 'Coverage']) expect(text).toContain(title);
    expect(text).toMatch(/! node +\d+ .*127\.0\.0\.1:4444 +KNOWN BAD/);
    expect(text).toMatch(/Metasploit/);
  });

  it('stays readable at 80x24: one panel under a tab bar, the alert still there', () => {
    const lines = screen({ columns: 80, rows: 24 });
    expect(lines).toHaveLength(24);
    expect(lines.every((line) => stringWidth(line) <= 80)).toBe(true);
    expect(lines[2]).toContain('1 Alerts 2  2 Conns 142  3 Listen 2  4 ARP 1  5 System  6 Coverage');
    expect(lines.join('\n')).toMatch(/HIGH +T1571 +Connection to known-bad port/);
  });

  it('draws only ASCII when the locale has no UTF-8', () => {
    for (const size of [
      { columns: 120, rows: 40 },
      { columns: 80, rows: 24 },
    ]) {
      const text = screen(size, { ascii: true }).join('\n');
      expect(text).toMatch(/^[\x20-\x7e\n]*$/);
      expect(text).toContain('+-');
    }
  });

  it("shows an alert's evidence and recommendation on Enter", () => {
    const model = capturedModel();
    const text = screen({ columns: 80, rows: 24 }, { model, ui: { detail: model.alerts[0]?.id } }).join('\n');
    expect(text).toContain('T1571 Non-Standard Port');
    expect(text).toMatch(/Do this +\S/);
    expect(text).toMatch(/Destination +127\.0\.0\.1:4444/);
  });

  it('escapes control characters a process put in its name', () => {
    const input = capturedInput();
    const [first, ...rest] = input.snapshot.connections;
    const evil = { ...first!, remotePort: 4444, process: { pid: 666, name: 'evil\x1b[2J\x1b]0;pwned\x07' } };
    const model = capturedModel({ snapshot: { ...input.snapshot, connections: [evil, ...rest] } });
    const text = screen({ columns: 120, rows: 40 }, { model, ui: { focus: 'connections' } }).join('\n');
    expect(text).toContain('evil\\x1b[2J');
    expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f]/);
  });

  it('filters the focused panel and says so', () => {
    const text = screen({ columns: 80, rows: 24 }, { ui: { focus: 'connections', filters: { ...initialUiState().filters, connections: '4444' } } }).join('\n');
    expect(text).toMatch(/2 of 142 matching "4444"/);
    expect(text).toContain('Filter "4444" on Connections');
  });
});
