// The application menu as data, so its items and accelerators can be tested without Electron.
import type { MenuItemConstructorOptions } from 'electron';
import type { ExportKind } from '../../src-shared/api';
import type { SessionState } from '../../src-shared/model';

export const ATTACK_WEBSITE = 'https://attack.mitre.org/';

export const MENU_IDS = {
  start: 'start-monitoring',
  stop: 'stop-monitoring',
  exportReport: 'export-report',
  exportEcs: 'export-ecs',
  exportNavigator: 'export-navigator',
  exportConnectionsCsv: 'export-connections-csv',
  exportAlertsCsv: 'export-alerts-csv',
  quit: 'quit',
  attackWebsite: 'attack-website',
} as const;

export interface MenuActions {
  start(): void;
  stop(): void;
  exportReport(): void;
  exportData(kind: ExportKind): void;
  openExternal(url: string): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  state: SessionState;
  /** Adds developer tools to the View menu. */
  dev: boolean;
  actions: MenuActions;
}

/** Start/stop follow Xcode's Run (⌘R) / Stop (⌘.); there is no Reload item, so ⌘R is free. */
export const ACCELERATORS = {
  start: 'CmdOrCtrl+R',
  stop: 'CmdOrCtrl+.',
  exportReport: 'CmdOrCtrl+E',
} as const;

function quitAccelerator(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'Alt+F4' : 'CmdOrCtrl+Q';
}

function monitorMenu({ state, actions }: MenuOptions): MenuItemConstructorOptions {
  const running = state === 'running';
  return {
    label: '&Monitor',
    submenu: [
      {
        id: MENU_IDS.start,
        label: 'Start Monitoring',
        accelerator: ACCELERATORS.start,
        enabled: state === 'idle' || state === 'stopped',
        click: () => actions.start(),
      },
      { id: MENU_IDS.stop, label: 'Stop Monitoring', accelerator: ACCELERATORS.stop, enabled: running, click: () => actions.stop() },
    ],
  };
}

function exportItem({ state, actions }: MenuOptions): MenuItemConstructorOptions {
  // Nothing to export before the first start.
  return {
    id: MENU_IDS.exportReport,
    label: 'Export Report…',
    accelerator: ACCELERATORS.exportReport,
    enabled: state !== 'idle',
    click: () => actions.exportReport(),
  };
}

const DATA_EXPORTS: readonly { id: string; kind: ExportKind; label: string }[] = [
  { id: MENU_IDS.exportEcs, kind: 'ecs', label: 'Alerts as ECS NDJSON (SIEM)…' },
  { id: MENU_IDS.exportNavigator, kind: 'navigator', label: 'ATT&&CK Navigator Layer…' },
  { id: MENU_IDS.exportConnectionsCsv, kind: 'connections-csv', label: 'Connections as CSV…' },
  { id: MENU_IDS.exportAlertsCsv, kind: 'alerts-csv', label: 'Alerts as CSV…' },
];

function exportAsItem({ state, actions }: MenuOptions): MenuItemConstructorOptions {
  return {
    label: 'Export &As',
    submenu: DATA_EXPORTS.map(({ id, kind, label }) => ({ id, label, enabled: state !== 'idle', click: () => actions.exportData(kind) })),
  };
}

function viewMenu(dev: boolean): MenuItemConstructorOptions {
  const submenu: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (dev) submenu.push({ type: 'separator' }, { role: 'reload', accelerator: 'F5' }, { role: 'toggleDevTools' });
  return { label: '&View', submenu };
}

function helpMenu(options: MenuOptions): MenuItemConstructorOptions {
  return {
    label: '&Help',
    role: 'help',
    submenu: [
      { id: MENU_IDS.attackWebsite, label: 'MITRE ATT&&CK Website', click: () => options.actions.openExternal(ATTACK_WEBSITE) },
      ...(options.platform === 'darwin' ? [] : [{ type: 'separator' } as const, { role: 'about', label: `About ${options.appName}` } as const]),
    ],
  };
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const quit: MenuItemConstructorOptions = {
    id: MENU_IDS.quit,
    label: options.platform === 'win32' ? 'E&xit' : options.platform === 'darwin' ? `Quit ${options.appName}` : '&Quit',
    accelerator: quitAccelerator(options.platform),
    role: 'quit',
  };
  if (options.platform === 'darwin') {
    return [
      {
        label: options.appName,
        submenu: [
          { role: 'about' },
          { type: 'separator' },
          { role: 'services' },
          { type: 'separator' },
          { role: 'hide' },
          { role: 'hideOthers' },
          { role: 'unhide' },
          { type: 'separator' },
          quit,
        ],
      },
      { label: 'File', submenu: [exportItem(options), exportAsItem(options), { type: 'separator' }, { role: 'close' }] },
      { role: 'editMenu' },
      monitorMenu(options),
      viewMenu(options.dev),
      { role: 'windowMenu' },
      helpMenu(options),
    ];
  }
  return [
    { label: '&File', submenu: [exportItem(options), exportAsItem(options), { type: 'separator' }, quit] },
    { role: 'editMenu', label: '&Edit' },
    monitorMenu(options),
    viewMenu(options.dev),
    helpMenu(options),
  ];
}
