// The default name offered in the export dialog: netsentinel-report-<host>-<timestamp>.json

const MAX_HOST_LENGTH = 63;

/** Letters, digits, dot, dash and underscore only, so the name is valid on every file system. */
export function safeHostPart(hostname: string): string {
  const cleaned = hostname
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/[-.]{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, MAX_HOST_LENGTH)
    .replace(/[-.]+$/, '');
  return cleaned === '' ? 'host' : cleaned;
}

/** UTC, sortable, and without ':' (not allowed in Windows file names): 2024-05-01T12-30-05Z */
export function fileTimestamp(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');
}

export function reportFileName(hostname: string, epochMs: number): string {
  return `netsentinel-report-${safeHostPart(hostname)}-${fileTimestamp(epochMs)}.json`;
}
