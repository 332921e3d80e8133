// How each export is offered in the save dialog: title, default file name, filter.
import type { ExportKind } from '../../src-shared/api';
import { fileTimestamp, safeHostPart } from './report-filename';

export interface ExportFormat {
  title: string;
  /** Default file name without host and time: netsentinel-<stem>-<host>-<time>.<extension> */
  stem: string;
  extension: string;
  filterName: string;
  /** What a failure message calls the content. */
  what: string;
}

export const EXPORT_FORMATS: Readonly<Record<ExportKind, ExportFormat>> = {
  ecs: { title: 'Export Alerts as ECS NDJSON', stem: 'alerts-ecs', extension: 'ndjson', filterName: 'ECS documents (NDJSON)', what: 'the ECS documents' },
  navigator: { title: 'Export ATT&CK Navigator Layer', stem: 'navigator-layer', extension: 'json', filterName: 'ATT&CK Navigator layer', what: 'the layer' },
  'connections-csv': { title: 'Export Connections as CSV', stem: 'connections', extension: 'csv', filterName: 'CSV', what: 'the connections' },
  'alerts-csv': { title: 'Export Alerts as CSV', stem: 'alerts', extension: 'csv', filterName: 'CSV', what: 'the alerts' },
};

export function exportFileName(kind: ExportKind, hostname: string, epochMs: number): string {
  const format = EXPORT_FORMATS[kind];
  return `netsentinel-${format.stem}-${safeHostPart(hostname)}-${fileTimestamp(epochMs)}.${format.extension}`;
}
