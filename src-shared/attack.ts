// The MITRE ATT&CK (Enterprise) tactics, and the techniques NetSentinel reports with their advice
// (TECHNIQUES is generated from the rules that report them: attack-techniques.ts).
import { TECHNIQUES } from './attack-techniques';

export { TECHNIQUES, type TechniqueId } from './attack-techniques';

export type Tactic =
  | 'Reconnaissance'
  | 'Resource Development'
  | 'Initial Access'
  | 'Execution'
  | 'Persistence'
  | 'Privilege Escalation'
  | 'Defense Evasion'
  | 'Credential Access'
  | 'Discovery'
  | 'Lateral Movement'
  | 'Collection'
  | 'Command and Control'
  | 'Exfiltration'
  | 'Impact';

/** ATT&CK's identifiers for each tactic (Enterprise), for SIEM fields and Navigator layers. */
export const TACTIC_IDS: Readonly<Record<Tactic, string>> = {
  'Reconnaissance': 'TA0043',
  'Resource Development': 'TA0042',
  'Initial Access': 'TA0001',
  'Execution': 'TA0002',
  'Persistence': 'TA0003',
  'Privilege Escalation': 'TA0004',
  'Defense Evasion': 'TA0005',
  'Credential Access': 'TA0006',
  'Discovery': 'TA0007',
  'Lateral Movement': 'TA0008',
  'Collection': 'TA0009',
  'Command and Control': 'TA0011',
  'Exfiltration': 'TA0010',
  'Impact': 'TA0040',
};

export function tacticUrl(tactic: Tactic): string {
  return `https://attack.mitre.org/tactics/${TACTIC_IDS[tactic]}/`;
}

/** The Navigator's short name of a tactic, e.g. 'command-and-control'. */
export function tacticShortName(tactic: Tactic): string {
  return tactic.toLowerCase().replaceAll(' ', '-');
}

export interface Technique {
  id: string;
  name: string;
  tactics: Tactic[];
  url: string;
  recommendation: string;
}

export function techniqueUrl(id: string): string {
  return `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;
}

/** Declares a technique; each rule file declares the technique it reports (see Rule.technique). */
export function attackTechnique(id: string, name: string, tactics: Tactic[], recommendation: string): Technique {
  return { id, name, tactics, url: techniqueUrl(id), recommendation };
}

export function getTechnique(id: string): Technique | undefined {
  return (TECHNIQUES as Record<string, Technique>)[id];
}

/**
 * A sub-technique's parent ("T1071.004" → T1071, "Application Layer Protocol") and its own part
 * ("DNS"); a technique without a dot is its own parent.
 */
export function techniqueParts(technique: Technique): { parentId: string; parentName: string; subName?: string } {
  const dot = technique.id.indexOf('.');
  if (dot < 0) return { parentId: technique.id, parentName: technique.name };
  const colon = technique.name.indexOf(': ');
  return colon < 0
    ? { parentId: technique.id.slice(0, dot), parentName: technique.name }
    : { parentId: technique.id.slice(0, dot), parentName: technique.name.slice(0, colon), subName: technique.name.slice(colon + 2) };
}

export const ATTACK_HOME_URL = 'https://attack.mitre.org/';
