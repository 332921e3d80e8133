// The Electron dialogs around an export: where to save, and what to do when saving failed.
import { app, dialog, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { ExportFailure } from './export-report';
import { reportFileName } from './report-filename';

export async function chooseReportPath(win: BrowserWindow | undefined, hostname: string): Promise<string | undefined> {
  const options: Electron.SaveDialogOptions = {
    title: 'Export NetSentinel Report',
    defaultPath: join(app.getPath('documents'), reportFileName(hostname, Date.now())),
    buttonLabel: 'Export',
    filters: [{ name: 'JSON report', extensions: ['json'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
  const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? undefined : result.filePath;
}

export function failureDetail(failure: ExportFailure): string {
  const copy = failure.fallbackPath !== undefined
    ? `A copy of the report was saved to ${failure.fallbackPath}.`
    : `A temporary copy could not be written either${failure.fallbackError ? ` (${failure.fallbackError})` : ''}.`;
  return `${failure.error}\n\n${copy}\nThe report is still held by NetSentinel: you can choose another location.`;
}

export async function askAfterExportFailure(win: BrowserWindow | undefined, failure: ExportFailure): Promise<'retry' | 'close'> {
  const options: Electron.MessageBoxOptions = {
    type: 'error',
    title: 'Export failed',
    message: 'The report could not be saved.',
    detail: failureDetail(failure),
    buttons: ['Choose Another Location…', 'Close'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  };
  const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
  return response === 0 ? 'retry' : 'close';
}
