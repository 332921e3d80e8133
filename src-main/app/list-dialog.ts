// Main's open-file dialog for a threat list file (the renderer never browses the file system).
import { dialog, type BrowserWindow } from 'electron';

export async function chooseListFile(win: BrowserWindow | undefined): Promise<string | undefined> {
  const options: Electron.OpenDialogOptions = {
    title: 'Choose a threat list file',
    buttonLabel: 'Use this list',
    filters: [
      { name: 'Lists (text)', extensions: ['txt', 'list', 'csv', 'netset', 'ipset', 'conf'] },
      { name: 'All files', extensions: ['*'] },
    ],
    properties: ['openFile'],
  };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return result.canceled ? undefined : result.filePaths[0];
}
