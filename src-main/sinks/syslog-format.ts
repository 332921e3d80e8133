// RFC 5424 syslog messages (and RFC 6587 octet-counting frames for TCP) for alert changes.
import type { Severity } from '../../src-shared/model';
import { sanitizeText } from '../../src-shared/sanitize';

/** Syslog severities (RFC 5424 §6.2.1): CRITICAL → crit, HIGH → err, MEDIUM → warning, LOW → notice. */
export const SYSLOG_SEVERITY: Readonly<Record<Severity, number>> = { CRITICAL: 2, HIGH: 3, MEDIUM: 4, LOW: 5 };

/** Facility 4, "security/authorization messages", unless the user picks another (0–23). */
export const DEFAULT_FACILITY = 4;

/** The SD-ID of our structured data; 32473 is the private enterprise number reserved for documentation (RFC 5612). */
export const SD_ID = 'netsentinel@32473';

export interface SyslogMessage {
  facility?: number;
  severity: Severity;
  /** Epoch milliseconds. */
  time: number;
  hostname: string;
  appName: string;
  procId: number | string;
  msgId: string;
  structuredData: Record<string, string | number | undefined>;
  message: string;
}

/** Header fields are PRINTUSASCII without spaces (RFC 5424 §6), each with its own length limit; empty → NILVALUE. */
function headerField(value: string, maxLength: number): string {
  let clean = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 33 && code <= 126) clean += char;
    if (clean.length >= maxLength) break;
  }
  return clean || '-';
}

/** PARAM-VALUE escaping: '"', '\' and ']' get a backslash (RFC 5424 §6.3.3); host text is shown sanitised (a process name may hold a newline or escape sequence). */
function paramValue(value: string): string {
  return sanitizeText(value).replace(/["\\\]]/g, (char) => `\\${char}`);
}

/** PARAM-NAME: 1–32 printable ASCII characters except '=', ' ', ']' and '"'. */
function paramName(name: string): string {
  return headerField(name.replace(/[= \]"]/g, '_'), 32);
}

function structuredData(params: SyslogMessage['structuredData']): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '')
    .map(([name, value]) => `${paramName(name)}="${paramValue(String(value))}"`);
  return parts.length === 0 ? '-' : `[${SD_ID} ${parts.join(' ')}]`;
}

const BOM = '\uFEFF';

/** One RFC 5424 message; the MSG part is UTF-8 with a BOM, as the RFC asks for UTF-8 text. */
export function formatSyslog(message: SyslogMessage): string {
  const facility = message.facility ?? DEFAULT_FACILITY;
  const pri = facility * 8 + SYSLOG_SEVERITY[message.severity];
  const header = [
    `<${pri}>1`,
    new Date(message.time).toISOString(),
    headerField(message.hostname, 255),
    headerField(message.appName, 48),
    headerField(String(message.procId), 128),
    headerField(message.msgId, 32),
  ].join(' ');
  return `${header} ${structuredData(message.structuredData)} ${BOM}${message.message}`;
}

/** RFC 6587 §3.4.1 octet counting: "<byte length> <message>". */
export function octetCountingFrame(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}
