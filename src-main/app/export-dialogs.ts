// The Electron dialogs around an export: where to save, and what to do when saving failed.
import { app, dialog, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { ExportKind } from '../../src-shared/api';
import { EXPORT_FORMATS, exportFileName } from './export-formats';
import type { ExportFailure } from './export-report';
import { reportFileName } from './report-filename';

interface SaveChoice {
  title: string;
  fileName: string;
  filter: Electron.FileFilter;
}

export function chooseReportPath(win: BrowserWindow | undefined, hostname: string): Promise<string | undefined> {
  return choosePath(win, {
    title: 'Export NetSentinel Report',
    fileName: reportFileName(hostname, Date.now()),
    filter: { name: 'JSON report', extensions: ['json'] },
  });
}

export function chooseExportPath(win: BrowserWindow | undefined, hostname: string, kind: ExportKind): Promise<string | undefined> {
  const format = EXPORT_FORMATS[kind];
  return choosePath(win, {
    title: format.title,
    fileName: exportFileName(kind, hostname, Date.now()),
    filter: { name: format.filterName, extensions: [format.extension] },
  });
}

async function choosePath(win: BrowserWindow | undefined, choice: SaveChoice): Promise<string | undefined> {
  const options: Electron.SaveDialogOptions = {
    title: choice.title,
    defaultPath: join(app.getPath('documents'), choice.fileName),
    buttonLabel: 'Export',
    filters: [choice.filter],
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
  const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? undefined : result.filePath;
}

export function failureDetail(failure: ExportFailure, what = 'the report'): string {
  const copy =
    failure.fallbackPath !== undefined
      ? `A copy of ${what} was saved to ${failure.fallbackPath}.`
      : `A temporary copy could not be written either${failure.fallbackError ? ` (${failure.fallbackError})` : ''}.`;
  return `${failure.error}\n\n${copy}\nThe session is still held by NetSentinel: you can choose another location.`;
}

export async function askAfterExportFailure(win: BrowserWindow | undefined, failure: ExportFailure, what = 'the report'): Promise<'retry' | 'close'> {
  const options: Electron.MessageBoxOptions = {
    type: 'error',
    title: 'Export failed',
    message: `${what.charAt(0).toUpperCase()}${what.slice(1)} could not be saved.`,
    detail: failureDetail(failure, what),
    buttons: ['Choose Another Location…', 'Close'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  };
  const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
  return response === 0 ? 'retry' : 'close';
}
