// The session, as one entry bundled for capture-batches.mjs (src-main's extensionless imports need the bundler).
export { MonitorSession } from '../../src-main/session/monitor-session';
export { sessionOptionsFromSettings } from '../../src-main/session/settings-options';
