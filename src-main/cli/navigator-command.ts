// `netsentinel navigator REPORT.json -o LAYER.json`: an ATT&CK Navigator layer from a saved report.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { navigatorLayer } from '../../src-shared/navigator-layer';
import type { Report } from '../../src-shared/report';
import { writeFileAtomically } from '../report/write-report';
import { errorMessage } from '../../src-shared/error-message';

export interface CommandResult {
  code: number;
  message: string;
}

/** What a report must hold for a layer; anything else is a clear "not a NetSentinel report". */
function reportProblem(value: unknown): string | undefined {
  const report = value as Partial<Report> | null;
  if (typeof report !== 'object' || report === null) return 'is not a JSON object';
  if (typeof report.report_metadata !== 'object' || report.report_metadata === null) return 'has no report_metadata';
  if (typeof report.executive_summary !== 'object' || report.executive_summary === null) return 'has no executive_summary';
  if (!Array.isArray(report.threat_events)) return 'has no threat_events list';
  const bad = report.threat_events.findIndex((e) => typeof e?.mitre?.technique_id !== 'string' || typeof e.severity !== 'string');
  return bad >= 0 ? `threat_events[${bad}] has no mitre.technique_id or severity` : undefined;
}

export async function runNavigatorCommand(reportPath: string, outputPath: string): Promise<CommandResult> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(reportPath, 'utf8'));
  } catch (error) {
    return { code: 2, message: `cannot read the report ${reportPath}: ${errorMessage(error)}` };
  }
  const problem = reportProblem(parsed);
  if (problem) return { code: 2, message: `${reportPath} is not a NetSentinel report: it ${problem}` };
  const layer = navigatorLayer(parsed as Report);
  const target = resolve(outputPath);
  try {
    await writeFileAtomically(target, `${JSON.stringify(layer, null, 2)}\n`, 'the layer');
  } catch (error) {
    return { code: 3, message: errorMessage(error) };
  }
  return {
    code: 0,
    message: `Navigator layer written to ${target} (${layer.techniques.length} techniques); open it at https://mitre-attack.github.io/attack-navigator/ → Open Existing Layer.`,
  };
}
