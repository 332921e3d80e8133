// Installs the application menu; rebuilt when the session state changes (enabled items follow it).
import { app, Menu } from 'electron';
import type { SessionState } from '../../src-shared/model';
import { buildMenuTemplate, type MenuActions } from './menu-template';

export function installApplicationMenu(state: SessionState, actions: MenuActions, dev: boolean): void {
  const template = buildMenuTemplate({ platform: process.platform, appName: app.name, state, dev, actions });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
