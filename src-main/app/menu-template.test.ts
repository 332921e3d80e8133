import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../src-shared/model';
import { ATTACK_WEBSITE, buildMenuTemplate, MENU_IDS, type MenuActions } from './menu-template';

function recordingActions(): MenuActions & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    start: () => calls.push('start'),
    stop: () => calls.push('stop'),
    exportReport: () => calls.push('export'),
    exportData: (kind) => calls.push(`export ${kind}`),
    openExternal: (url) => calls.push(`open ${url}`),
  };
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function template(platform: NodeJS.Platform, state: SessionState = 'idle', dev = false) {
  const actions = recordingActions();
  const items = flatten(buildMenuTemplate({ platform, appName: 'NetSentinel', state, dev, actions }));
  const byId = (id: string): MenuItemConstructorOptions => {
    const found = items.find((item) => item.id === id);
    if (!found) throw new Error(`no menu item ${id}`);
    return found;
  };
  return { actions, items, byId, top: buildMenuTemplate({ platform, appName: 'NetSentinel', state, dev, actions }) };
}

const clickOf = (item: MenuItemConstructorOptions): void => {
  (item.click as unknown as () => void)();
};

describe('buildMenuTemplate', () => {
  it.each(['linux', 'win32', 'darwin'] as const)('has the four commands with accelerators on %s', (platform) => {
    const { byId } = template(platform);
    expect(byId(MENU_IDS.start)).toMatchObject({ label: 'Start Monitoring', accelerator: 'CmdOrCtrl+R' });
    expect(byId(MENU_IDS.stop)).toMatchObject({ label: 'Stop Monitoring', accelerator: 'CmdOrCtrl+.' });
    expect(byId(MENU_IDS.exportReport)).toMatchObject({ label: 'Export Report…', accelerator: 'CmdOrCtrl+E' });
    expect(byId(MENU_IDS.quit).role).toBe('quit');
    expect(byId(MENU_IDS.quit).accelerator).toBe(platform === 'win32' ? 'Alt+F4' : 'CmdOrCtrl+Q');
  });

  it('follows macOS conventions: app menu first with Quit, Window menu, no About under Help', () => {
    const { top, byId } = template('darwin');
    expect(top.map((m) => m.label ?? m.role)).toEqual(['NetSentinel', 'File', 'editMenu', '&Monitor', '&View', 'windowMenu', '&Help']);
    const appMenu = top[0]?.submenu as MenuItemConstructorOptions[];
    expect(appMenu.map((i) => i.role ?? i.type)).toEqual(['about', 'separator', 'services', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'quit']);
    expect(byId(MENU_IDS.quit).label).toBe('Quit NetSentinel');
  });

  it('follows Windows and Linux conventions: Quit/Exit at the end of File, About under Help', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const { top, byId } = template(platform);
      expect(top.map((m) => m.label)).toEqual(['&File', '&Edit', '&Monitor', '&View', '&Help']);
      const file = top[0]?.submenu as MenuItemConstructorOptions[];
      expect(file.at(-1)?.id).toBe(MENU_IDS.quit);
      expect(byId(MENU_IDS.quit).label).toBe(platform === 'win32' ? 'E&xit' : '&Quit');
      const help = top.at(-1)?.submenu as MenuItemConstructorOptions[];
      expect(help.some((item) => item.role === 'about')).toBe(true);
    }
  });

  it.each([
    ['idle', { start: true, stop: false, export: false }],
    ['running', { start: false, stop: true, export: true }],
    ['stopping', { start: false, stop: false, export: true }],
    ['stopped', { start: true, stop: false, export: true }],
  ] as const)('enables the commands that make sense when %s', (state, expected) => {
    const { byId } = template('linux', state);
    expect({ start: byId(MENU_IDS.start).enabled, stop: byId(MENU_IDS.stop).enabled, export: byId(MENU_IDS.exportReport).enabled }).toEqual(expected);
  });

  it('wires the items to their actions and Help to the ATT&CK site', () => {
    const { byId, actions } = template('linux', 'running');
    clickOf(byId(MENU_IDS.start));
    clickOf(byId(MENU_IDS.stop));
    clickOf(byId(MENU_IDS.exportReport));
    clickOf(byId(MENU_IDS.attackWebsite));
    expect(actions.calls).toEqual(['start', 'stop', 'export', `open ${ATTACK_WEBSITE}`]);
    expect(byId(MENU_IDS.attackWebsite).label).toBe('MITRE ATT&&CK Website');
  });

  it('offers every data export under File › Export As, enabled once a session started', () => {
    const ids = [MENU_IDS.exportEcs, MENU_IDS.exportNavigator, MENU_IDS.exportConnectionsCsv, MENU_IDS.exportAlertsCsv];
    for (const platform of ['linux', 'darwin'] as const) {
      const { byId, actions } = template(platform, 'stopped');
      for (const id of ids) clickOf(byId(id));
      expect(actions.calls).toEqual(['export ecs', 'export navigator', 'export connections-csv', 'export alerts-csv']);
      expect(ids.map((id) => template(platform, 'idle').byId(id).enabled)).toEqual([false, false, false, false]);
    }
    expect(template('linux').byId(MENU_IDS.exportNavigator).label).toBe('ATT&&CK Navigator Layer…');
  });

  it('has no Reload (it would take CmdOrCtrl+R) and no dev tools outside dev', () => {
    const { items } = template('linux');
    expect(items.filter((i) => i.role === 'reload' || i.role === 'forceReload' || i.role === 'toggleDevTools')).toEqual([]);
    expect(template('linux', 'idle', true).items.some((i) => i.role === 'toggleDevTools')).toBe(true);
  });

  it('uses each accelerator once', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const accelerators = template(platform, 'idle', true)
        .items.map((i) => i.accelerator)
        .filter(Boolean);
      expect(new Set(accelerators).size).toBe(accelerators.length);
    }
  });
});
