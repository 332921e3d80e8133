// Main validates settings against the rule catalog without loading the rules (main never runs
// detection code): it reads this JSON, which must always equal what the rule registry says.
// Regenerate with: UPDATE_RULE_CATALOG=1 npx vitest run src-main/app/rule-catalog.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { ruleCatalog } from '../detect/rules/catalog';

const path = fileURLToPath(new URL('../../src-shared/settings/rule-catalog.json', import.meta.url));

it('src-shared/settings/rule-catalog.json is the rule registry\'s catalog', () => {
  const fromRegistry = JSON.parse(JSON.stringify(ruleCatalog())) as unknown;
  if (process.env['UPDATE_RULE_CATALOG']) writeFileSync(path, `${JSON.stringify(fromRegistry, null, 1)}\n`);
  expect(JSON.parse(readFileSync(path, 'utf8')), 'regenerate: UPDATE_RULE_CATALOG=1 npx vitest run src-main/app/rule-catalog.test.ts').toEqual(fromRegistry);
});
