// Everything main does besides windows and the app's lifecycle: settings, the core process, export,
// notifications and the renderer's IPC. main.ts wires it to Electron's app; the browser e2e suite
// runs this same module with only the 'electron' module shimmed (e2e/support/electron-shim).
import { Notification, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { ExportKind, ExportResult, SessionStatus } from '../../src-shared/api';
import { serializedOnly, type SerializedReport } from '../../src-shared/report-budget';
import { journalSessionReport, openJournalSession } from '../journal/history';
import { listSessions } from '../journal/sessions';
import { fallbackReportPath, writeFallbackReport, writeFileAtomically, writeReportAtomically } from '../report/write-report';
import { forkCoreProcess } from './core-child';
import { CoreSupervisor } from './core-supervisor';
import { askAfterExportFailure, chooseExportPath, chooseReportPath } from './export-dialogs';
import { EXPORT_FORMATS } from './export-formats';
import { chooseListFile } from './list-dialog';
import { exportReport } from './export-report';
import { forwardSessionEvents, registerIpcHandlers } from './ipc';
import { CriticalAlertNotifier, notificationContent } from './notifications';
import type { RendererLocation } from './renderer-location';
import { SettingsStore } from './settings-store';

export interface AppServicesOptions {
  userDataDir: string;
  hostname: string;
  location: RendererLocation;
  /** The built core entry (out/main/core.js) that runs as a utilityProcess. */
  coreEntryPath: string;
  currentWindow(): BrowserWindow | undefined;
  /** A notification was clicked: bring the window forward. */
  focusWindow(): void;
}

export interface AppServices {
  settings: SettingsStore;
  core: CoreSupervisor;
  /** Where the core journals every session (the History view reads it). */
  journalDir: string;
  start(): Promise<SessionStatus>;
  stop(): Promise<SessionStatus>;
  exportReport(): Promise<ExportResult>;
  exportData(kind: ExportKind): Promise<ExportResult>;
  /** Removes the IPC handlers and ends the core process. */
  dispose(): void;
}

export function createAppServices(options: AppServicesOptions): AppServices {
  const { currentWindow, hostname } = options;
  const settings = new SettingsStore(options.userDataDir);
  const journalDir = join(options.userDataDir, 'journals');
  const core = new CoreSupervisor(() => forkCoreProcess(options.coreEntryPath), hostname, { journalDir });
  const start = (): Promise<SessionStatus> => core.start(settings.get());
  const stop = (): Promise<SessionStatus> => core.stop();
  const { runExport, exportSessionReport, runDataExport } = createExports(core, journalDir, currentWindow, hostname);

  const stopNotifying = notifyCriticalAlerts(core, settings, options.focusWindow);
  const stopForwarding = forwardSessionEvents({ currentWindow, core });
  const removeHandlers = registerIpcHandlers({
    currentWindow,
    location: options.location,
    core,
    start,
    stop,
    exportReport: runExport,
    exportData: runDataExport,
    getSettings: async () => settings.get(),
    updateSettings: async (patch) => {
      const saved = await settings.update(patch);
      await core.applySettings(saved).catch(() => false);
      return saved;
    },
    chooseListFile: () => chooseListFile(currentWindow()),
    describeLists: () => core.describeLists(settings.get().lists),
    listSessions: () => listSessions(journalDir),
    openSession: (id) => openJournalSession(journalDir, id),
    exportSessionReport,
  });
  return {
    settings,
    core,
    journalDir,
    start,
    stop,
    exportReport: runExport,
    exportData: runDataExport,
    dispose: () => {
      removeHandlers();
      stopForwarding();
      stopNotifying();
      core.shutdown();
    },
  };
}

/** The report and data exports, each joined by a second request while its dialog is open. */
function createExports(core: CoreSupervisor, journalDir: string, currentWindow: () => BrowserWindow | undefined, hostname: string) {
  let exportInFlight: Promise<ExportResult> | undefined;

  const exportWith = (buildReport: () => Promise<SerializedReport | undefined>): Promise<ExportResult> => {
    // A second request while the dialog is open joins the first instead of stacking dialogs.
    exportInFlight ??= exportReport({
      buildReport,
      chooseSavePath: () => chooseReportPath(currentWindow(), hostname),
      write: writeReportAtomically,
      writeFallback: writeFallbackReport,
      askAfterFailure: (failure) => askAfterExportFailure(currentWindow(), failure),
    }).finally(() => {
      exportInFlight = undefined;
    });
    return exportInFlight;
  };
  const runExport = (): Promise<ExportResult> => exportWith(() => core.buildReport());
  const exportSessionReport = (id: string): Promise<ExportResult> => exportWith(async () => serializedOnly(await journalSessionReport(journalDir, id)));
  const exportsInFlight = new Map<ExportKind, Promise<ExportResult>>();
  const runDataExport = (kind: ExportKind): Promise<ExportResult> => {
    const running = exportsInFlight.get(kind);
    if (running) return running;
    const { what, extension } = EXPORT_FORMATS[kind];
    const started = exportReport({
      buildReport: () => core.exportData(kind),
      chooseSavePath: () => chooseExportPath(currentWindow(), hostname, kind),
      write: (path, content) => writeFileAtomically(path, content.text, what),
      writeFallback: async (content) => (await writeFileAtomically(fallbackReportPath(Date.now(), tmpdir(), extension), content.text, what)).path,
      askAfterFailure: (failure) => askAfterExportFailure(currentWindow(), failure, what),
    }).finally(() => exportsInFlight.delete(kind));
    exportsInFlight.set(kind, started);
    return started;
  };
  return { runExport, exportSessionReport, runDataExport };
}

/** A desktop notification for each alert the first time it is CRITICAL, when the setting allows. */
function notifyCriticalAlerts(core: CoreSupervisor, settings: SettingsStore, focusWindow: () => void): () => void {
  const notifier = new CriticalAlertNotifier();
  const shown = new Set<Notification>();
  return core.onBatch((batch) => {
    const fresh = notifier.forBatch(batch, settings.get().notifications);
    if (fresh.length === 0 || !Notification.isSupported()) return;
    for (const alert of fresh) {
      const { title, body } = notificationContent(alert, { bodyIsMarkup: process.platform === 'linux' });
      const notification = new Notification({ title, body, urgency: 'critical' });
      // Held until dismissed: a collected Notification loses its click handler.
      shown.add(notification);
      notification.on('click', focusWindow);
      notification.on('close', () => shown.delete(notification));
      notification.show();
    }
  });
}
