// How numbers, sizes, durations and times are written for people, in the desktop app and the terminal.
const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** 1536 → "1.5 kB" (decimal units); undefined → "—". */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '—';
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

export function formatRate(bytesPerSecond: number | undefined): string {
  return bytesPerSecond === undefined ? '—' : `${formatBytes(bytesPerSecond)}/s`;
}

/** 3723000 → "01:02:03"; negative or missing → "00:00:00". */
export function formatDuration(ms: number | undefined): string {
  const total = Math.max(0, Math.floor((ms ?? 0) / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return [hours, minutes, seconds].map((n) => String(n).padStart(2, '0')).join(':');
}

/** Local wall-clock time, "HH:MM:SS". */
export function formatClock(epochMs: number | undefined): string {
  if (epochMs === undefined) return '—';
  const date = new Date(epochMs);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** 10000 → "10,000" (fixed grouping so screenshots and tests do not depend on the locale). */
export function formatCount(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatPercent(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '—' : `${value.toFixed(1)} %`;
}

/** Local date and time, "YYYY-MM-DD HH:MM:SS". */
export function formatDateTime(epochMs: number | undefined): string {
  if (epochMs === undefined) return '—';
  const date = new Date(epochMs);
  const day = [date.getFullYear(), date.getMonth() + 1, date.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
  return `${day} ${formatClock(epochMs)}`;
}
