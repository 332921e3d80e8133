// Everything the browser bridge takes from src-main, as one entry that is bundled for the test run.
// Bundled (like main itself) because src-main's extensionless and folder imports are resolved by
// the bundler; Node's native ESM loader, which Playwright uses here, does not resolve them.
export { exportReport } from '../../src-main/app/export-report';
export { unwrap, validateNoArgs, validateSettingsPatch } from '../../src-main/app/ipc-validate';
export { reportFileName } from '../../src-main/app/report-filename';
export { SessionController } from '../../src-main/app/session-controller';
export { writeFallbackReport, writeReportAtomically } from '../../src-main/report/write-report';
export { MonitorSession } from '../../src-main/session/monitor-session';
export { sessionOptionsFromSettings } from '../../src-main/session/settings-options';
