// A report that always fits: serialised once at full detail, then (only if too big or
// unserialisable) as a trimmed copy, then as a minimal report built from scratch whose size is
// bounded by construction. No step serialises the object that already failed.
import { capText, utf8Length } from './host-text';
import { SEVERITY_RANK, type CoverageWarning, type EvidenceValue } from './model';
import { buildReport, type Report, type ReportInput, type ThreatEvent } from './report';

/** The report's size budget (UTF-8 bytes of the written JSON). */
export const REPORT_BUDGET_BYTES = 64 * 1024 * 1024;
/** Below this a minimal report (up to MINIMAL_EVENTS events of capped text) might not fit. */
export const MIN_REPORT_BUDGET_BYTES = 2 * 1024 * 1024;

const TRIMMED_LIST_ITEMS = 10_000;
const TRIMMED_TEXT_BYTES = 1_024;
const MINIMAL_EVENTS = 1_000;
const MINIMAL_TEXT_BYTES = 200;
const MINIMAL_COVERAGE = 50;

export type ReportDetail = 'full' | 'trimmed' | 'minimal';

/** The report as written: JSON text within the budget (what crosses from the core process to main). */
export interface SerializedReport {
  /** The JSON to write (one-space indentation, newline-terminated). */
  text: string;
  bytes: number;
  detail: ReportDetail;
}

export interface BudgetedReport extends SerializedReport {
  report: Report;
}

/** Drops the object form: only the text is written, so only the text needs to travel. */
export function serializedOnly({ text, bytes, detail }: SerializedReport): SerializedReport {
  return { text, bytes, detail };
}

function serialise(report: Report, maxBytes: number, detail: ReportDetail): BudgetedReport | undefined {
  let text: string;
  try {
    text = `${JSON.stringify(report, null, 1)}\n`;
  } catch {
    return undefined; // RangeError: Invalid string length, the way V8 says "too big"
  }
  // Cheap bound first: no UTF-16 unit takes more than 3 bytes.
  if (text.length > maxBytes) return undefined;
  const bytes = utf8Length(text);
  return bytes <= maxBytes ? { report, text, bytes, detail } : undefined;
}

function reductionNote(detail: ReportDetail, maxBytes: number): CoverageWarning {
  const what =
    detail === 'trimmed'
      ? `lists cut to ${TRIMMED_LIST_ITEMS} items and host text to ${TRIMMED_TEXT_BYTES} bytes`
      : `only the ${MINIMAL_EVENTS} most severe events, without evidence or network state`;
  return {
    source: 'report',
    message: `the full report would exceed ${Math.round(maxBytes / 1024 / 1024)} MB: ${what}`,
    hint: 'the live view and the NDJSON stream (--json-lines) carry every event as it happens',
  };
}

function capEvidence(evidence: Record<string, EvidenceValue>, maxBytes: number): Record<string, EvidenceValue> {
  const out: Record<string, EvidenceValue> = {};
  for (const [key, value] of Object.entries(evidence).slice(0, 64)) {
    if (typeof value === 'string') out[capText(key, 64)] = capText(value, maxBytes);
    else if (Array.isArray(value))
      out[capText(key, 64)] = (value as (string | number)[]).slice(0, 32).map((v) => (typeof v === 'string' ? capText(v, maxBytes) : v)) as EvidenceValue;
    else out[capText(key, 64)] = value;
  }
  return out;
}

function capEvent(event: ThreatEvent, maxBytes: number, withEvidence: boolean): ThreatEvent {
  return {
    ...event,
    id: capText(event.id, maxBytes),
    threat_type: capText(event.threat_type, maxBytes),
    description: capText(event.description, maxBytes),
    process: event.process && {
      pid: event.process.pid,
      name: capText(event.process.name, maxBytes),
      exe: event.process.exe === null ? null : capText(event.process.exe, maxBytes),
    },
    evidence: withEvidence ? capEvidence(event.evidence, maxBytes) : {},
  };
}

/** Every list cut to TRIMMED_LIST_ITEMS and every host string to TRIMMED_TEXT_BYTES; counts stay those of the full report. */
function trimmed(full: Report, maxBytes: number): Report {
  const ns = full.network_state;
  const capProcess = <T extends { process?: { pid: number; name: string; exe?: string; cmdline?: string } }>(item: T): T =>
    item.process
      ? {
          ...item,
          process: {
            ...item.process,
            name: capText(item.process.name, TRIMMED_TEXT_BYTES),
            ...(item.process.exe !== undefined && { exe: capText(item.process.exe, TRIMMED_TEXT_BYTES) }),
            ...(item.process.cmdline !== undefined && { cmdline: capText(item.process.cmdline, TRIMMED_TEXT_BYTES) }),
          },
        }
      : item;
  return {
    ...full,
    threat_events: full.threat_events.slice(0, TRIMMED_LIST_ITEMS).map((e) => capEvent(e, TRIMMED_TEXT_BYTES, true)),
    network_state: {
      ...ns,
      active_connections: ns.active_connections.slice(0, TRIMMED_LIST_ITEMS).map(capProcess),
      processes: ns.processes.slice(0, TRIMMED_LIST_ITEMS).map((p) => capProcess({ process: p }).process),
      listening_ports: ns.listening_ports.slice(0, TRIMMED_LIST_ITEMS).map(capProcess),
      arp_table: ns.arp_table.slice(0, TRIMMED_LIST_ITEMS),
      dns_resolvers: ns.dns_resolvers.slice(0, 64).map((r) => capText(r, 256)),
    },
    system_metrics: { ...full.system_metrics, interfaces: full.system_metrics.interfaces.slice(0, 256) },
    coverage: [...full.coverage.slice(0, TRIMMED_LIST_ITEMS), reductionNote('trimmed', maxBytes)],
  };
}

/** Built from the summary and the most severe events only, every string capped: its size is bounded by construction. */
function minimal(full: Report, maxBytes: number, events: number): Report {
  const capCoverage = (c: CoverageWarning): CoverageWarning => ({
    source: capText(c.source, 64),
    message: capText(c.message, MINIMAL_TEXT_BYTES),
    ...(c.hint !== undefined && { hint: capText(c.hint, MINIMAL_TEXT_BYTES) }),
    ...(c.count !== undefined && { count: c.count }),
  });
  const meta = full.report_metadata;
  return {
    ...full,
    report_metadata: { ...meta, hostname: capText(meta.hostname, 256), os: capText(meta.os, 256), version: capText(meta.version, 64) },
    threat_events: [...full.threat_events]
      .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity])
      .slice(0, events)
      .map((e) => capEvent(e, MINIMAL_TEXT_BYTES, false)),
    network_state: {
      captured_at: full.network_state.captured_at,
      active_connections: [],
      processes: [],
      listening_ports: [],
      arp_table: [],
      gateway: null,
      dns_resolvers: [],
    },
    system_metrics: { latest: full.system_metrics.latest, interfaces: [], summary: full.system_metrics.summary },
    coverage: [...full.coverage.slice(0, MINIMAL_COVERAGE).map(capCoverage), reductionNote('minimal', maxBytes)],
    recommendations: full.recommendations.slice(0, 64),
  };
}

/**
 * The report for `input`, serialised within `maxBytes` (at least MIN_REPORT_BUDGET_BYTES): full
 * detail when it fits, else trimmed, else minimal. The summary counts are always the full ones.
 */
export function buildBudgetedReport(input: ReportInput, maxBytes: number = REPORT_BUDGET_BYTES): BudgetedReport {
  const budget = Math.max(maxBytes, MIN_REPORT_BUDGET_BYTES);
  const full = buildReport(input);
  const fits = serialise(full, budget, 'full') ?? serialise(trimmed(full, budget), budget, 'trimmed');
  if (fits) return fits;
  for (let events = MINIMAL_EVENTS; ; events = Math.floor(events / 2)) {
    const small = serialise(minimal(full, budget, events), budget, 'minimal');
    if (small || events === 0) return small ?? fallbackEmpty(full, budget);
  }
}

/** Unreachable with the caps above; kept so the function's contract holds even if they change. */
function fallbackEmpty(full: Report, budget: number): BudgetedReport {
  const report = minimal(full, budget, 0);
  const text = `${JSON.stringify(report)}\n`;
  return { report, text, bytes: utf8Length(text), detail: 'minimal' };
}
