// Folds floods: when one rule keeps producing new alert keys for the same process (keys are
// attacker-chosen: a new destination, port or name each time), the keys past a threshold within a
// window become one summary alert with a count and sample keys instead of thousands of alerts.
import { SEVERITY_RANK, type Finding } from '../../src-shared/model';
import { processLabel } from './format';
import { setBounded } from '../../src-shared/bounded-map';

export interface FloodOptions {
  /** New keys one rule may create for one process within the window before the rest fold (default 50). */
  threshold: number;
  windowMs: number;
}

export const DEFAULT_FLOOD: FloodOptions = { threshold: 50, windowMs: 60_000 };

/** Sample keys kept in a summary's evidence. */
const SAMPLE_KEYS = 10;
/** Rule+process windows tracked at once; the oldest are forgotten first (pids are attacker-made too). */
const MAX_WINDOWS = 10_000;

interface Window {
  startedAt: number;
  newKeys: number;
}

export class FloodFolder {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly options: FloodOptions = DEFAULT_FLOOD) {}

  /** Call for a finding whose key has no alert yet: true when it should fold into the summary instead. */
  shouldFold(ruleId: string, finding: Finding, now: number): boolean {
    const source = floodSource(ruleId, finding);
    let window = this.windows.get(source);
    if (!window || now - window.startedAt >= this.options.windowMs) {
      window = { startedAt: now, newKeys: 0 };
      this.windows.delete(source);
      setBounded(this.windows, source, window, MAX_WINDOWS);
    }
    window.newKeys += 1;
    return window.newKeys > this.options.threshold;
  }

  /** The summary finding for `finding`, merged into what the summary already holds (count, samples, highest severity). */
  summarise(ruleId: string, finding: Finding, previous: Finding['evidence'] | undefined, previousSeverity: Finding['severity'] | undefined): Finding {
    const samples = Array.isArray(previous?.sampleKeys) ? [...(previous.sampleKeys as string[])] : [];
    if (samples.length < SAMPLE_KEYS) samples.push(finding.key);
    const folded = (typeof previous?.foldedKeys === 'number' ? previous.foldedKeys : 0) + 1;
    const severity = previousSeverity && SEVERITY_RANK[previousSeverity] > SEVERITY_RANK[finding.severity] ? previousSeverity : finding.severity;
    const who = finding.process ? processLabel(finding.process) : 'one source';
    const windowSec = Math.round(this.options.windowMs / 1000);
    return {
      key: summaryKey(finding),
      severity,
      title: `${ruleId}: ${folded} more alerts from ${who} folded into one`,
      description:
        `${who} produced more than ${this.options.threshold} new ${ruleId} alerts within ${windowSec} s; ` +
        `the rest are counted here (latest: ${finding.title}).`,
      ...(finding.process && { process: finding.process }),
      evidence: { foldedKeys: folded, sampleKeys: samples, threshold: this.options.threshold, windowSec },
      occurrences: finding.occurrences ?? 1,
    };
  }
}

function floodSource(ruleId: string, finding: Finding): string {
  return `${ruleId}|${finding.process?.pid ?? '-'}`;
}

export function summaryKey(finding: Finding): string {
  return `flood|${finding.process?.pid ?? '-'}`;
}
