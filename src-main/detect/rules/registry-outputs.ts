// What the rule registry generates (`npm run gen:rules`): the ATT&CK catalog the UI and reports
// read (src-shared/attack-techniques.ts), the README's detection table and the settings catalog main
// and the renderer validate against (src-shared/settings/rule-catalog.json). Pure: the test reads and
// writes files.
import type { Technique } from '../../../src-shared/attack';
import { needsText } from '../rule-sources';
import type { AnyRule } from '../types';
import { ruleCatalog } from './catalog';

export const README_TABLE_START = '<!-- rules:start — generated from the rule registry by `npm run gen:rules`; edit the rule files, not this table -->';
export const README_TABLE_END = '<!-- rules:end -->';

/** Each technique once, in registry order; two rules naming one id must share its declaration. */
export function registryTechniques(rules: readonly AnyRule[]): Technique[] {
  const byId = new Map<string, Technique>();
  for (const rule of rules) {
    const known = byId.get(rule.technique.id);
    if (known && JSON.stringify(known) !== JSON.stringify(rule.technique)) {
      throw new Error(`${rule.id} declares ${rule.technique.id} differently: import it from the rule that declares it`);
    }
    byId.set(rule.technique.id, rule.technique);
  }
  return [...byId.values()];
}

function quote(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** The source of src-shared/attack-techniques.ts. */
export function techniquesModule(rules: readonly AnyRule[]): string {
  const techniques = registryTechniques(rules);
  const entries = techniques.map((t) =>
    [
      `  ${quote(t.id)}: {`,
      `    id: ${quote(t.id)},`,
      `    name: ${quote(t.name)},`,
      `    tactics: [${t.tactics.map(quote).join(', ')}],`,
      `    url: ${quote(t.url)},`,
      `    recommendation: ${quote(t.recommendation)},`,
      '  },',
    ].join('\n'),
  );
  return [
    '// Generated from the rule registry (src-main/detect/rules) by `npm run gen:rules`: do not edit.',
    '// Each technique is declared in the rule file that reports it.',
    "import type { Technique } from './attack';",
    '',
    `export type TechniqueId = ${techniques.map((t) => quote(t.id)).join(' | ')};`,
    '',
    'export const TECHNIQUES: Readonly<Record<TechniqueId, Technique>> = {',
    ...entries,
    '};',
    '',
  ].join('\n');
}

function cell(markdown: string): string {
  return markdown.replace(/(?<!\\)\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** The README's detection table, one row per rule in registry order. */
export function readmeTable(rules: readonly AnyRule[]): string {
  const rows = rules.map((rule) => {
    const { technique } = rule;
    return (
      `| ${cell(rule.readme?.detects ?? rule.summary)} | ${technique.id} ${technique.name} | ${technique.tactics.join(', ')} ` +
      `| ${rule.readme?.severity ?? rule.defaultSeverity} | \`${rule.id}\` | ${cell(needsText(rule.readme?.needs ?? []))} |`
    );
  });
  return ['| Threat | ATT&CK technique | Tactic | Default severity | Rule | Needs to see |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** The README with its table between the markers replaced. */
export function withReadmeTable(readme: string, table: string): string {
  const start = readme.indexOf(README_TABLE_START);
  const end = readme.indexOf(README_TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${README_TABLE_START} … ${README_TABLE_END}`);
  return `${readme.slice(0, start + README_TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}

/** The content of src-shared/settings/rule-catalog.json. */
export function ruleCatalogJson(): string {
  return `${JSON.stringify(ruleCatalog(), null, 1)}\n`;
}
