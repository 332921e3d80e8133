// The files generated from the rule registry must equal what it generates now; a failure shows the
// diff. Regenerate them with `npm run gen:rules` (UPDATE_RULE_OUTPUTS=1 on this test).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allRules } from './index';
import { readmeTable, registryTechniques, ruleCatalogJson, techniquesModule, withReadmeTable } from './registry-outputs';
import { attackTechnique } from '../../../src-shared/attack';
import { reverseShellRule } from './reverse-shell';

const repoFile = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

const GENERATED: { path: string; generate: (current: string) => string }[] = [
  { path: 'src-shared/attack-techniques.ts', generate: () => techniquesModule(allRules()) },
  { path: 'README.md', generate: (current) => withReadmeTable(current, readmeTable(allRules())) },
  { path: 'src-shared/settings/rule-catalog.json', generate: () => ruleCatalogJson() },
];

describe('files generated from the rule registry', () => {
  for (const { path, generate } of GENERATED) {
    it(`${path} is up to date`, () => {
      const current = readFileSync(repoFile(path), 'utf8');
      const wanted = generate(current);
      if (process.env['UPDATE_RULE_OUTPUTS']) {
        if (wanted !== current) writeFileSync(repoFile(path), wanted);
        return;
      }
      expect(current, `${path} drifted from the rule registry: run \`npm run gen:rules\``).toBe(wanted);
    });
  }

  it('refuses two different declarations of one technique', () => {
    const shell = reverseShellRule();
    const other = { ...shell, id: 'other-shell', technique: attackTechnique(shell.technique.id, 'Another name', ['Execution'], 'x') };
    expect(() => registryTechniques([shell, other])).toThrow(/other-shell declares T1059\.004 differently/);
  });

  it('the README table has one row per rule, escaping pipes in its cells', () => {
    const rules = allRules();
    const table = readmeTable(rules).split('\n');
    expect(table).toHaveLength(rules.length + 2);
    expect(table).toContain(
      '| Reverse shells: a shell or interpreter whose stdin/stdout is a network socket (any port, 443 too), or any program whose stdin and stdout are one outbound socket (a shell copied under another name), awk holding any socket (gawk `/inet/tcp` shells), or a command loop: a shell or interpreter running inline, stdin or non-system script code that holds a connection (one it dialled; accepted too for inline or stdin code) and reaped programs at 2+ ticks while connected (its children’s page-fault count moved: programs too brief for any sampling), HIGH for a script file ' +
        '| T1059.004 Command and Scripting Interpreter: Unix Shell | Execution | CRITICAL | `reverse-shell` ' +
        '| `/proc/net/{tcp,udp}`; socket owners (`/proc/<pid>/fd`; other users’ processes need root); process table (`/proc/<pid>/{stat,cmdline}`; other users’ `exe` needs root) |',
    );
    // Every rule says what it must see.
    for (const rule of rules) expect(rule.readme?.needs?.length ?? 0, rule.id).toBeGreaterThan(0);
    const piped = readmeTable([{ ...reverseShellRule(), readme: { detects: 'a | b \\| c' } }]).split('\n')[2];
    expect(piped).toMatch(/^\| a \\\| b \\\| c \| /);
  });
});
