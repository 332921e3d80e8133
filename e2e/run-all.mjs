#!/usr/bin/env node
// Runs the unit/integration suite (Vitest) and the end-to-end suites (Playwright), then prints one
// closing line for both: "N passed, N failed, N skipped". Exit code is non-zero if either failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

mkdirSync('test-results', { recursive: true });
const bin = (name) => `node_modules/.bin/${name}`;

function run(label, command, args) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  return result.status ?? 1;
}

function readJson(path) {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

const unitExit = run('unit and integration tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', '--outputFile=test-results/unit.json']);
const e2eArgs = ['test', ...process.argv.slice(2)];
const e2eExit = run('end-to-end tests', bin('playwright'), e2eArgs);

const totals = { passed: 0, failed: 0, skipped: 0 };
const unit = readJson('test-results/unit.json');
if (unit) {
  totals.passed += unit.numPassedTests ?? 0;
  totals.failed += unit.numFailedTests ?? 0;
  totals.skipped += (unit.numPendingTests ?? 0) + (unit.numTodoTests ?? 0);
}
const e2e = readJson('test-results/e2e.json');
if (e2e?.stats) {
  totals.passed += (e2e.stats.expected ?? 0) + (e2e.stats.flaky ?? 0);
  totals.failed += e2e.stats.unexpected ?? 0;
  totals.skipped += e2e.stats.skipped ?? 0;
}
if (!unit) console.log('run-all: no Vitest results were written (test-results/unit.json)');
if (!e2e) console.log('run-all: no Playwright results were written (test-results/e2e.json)');
// The CI shows the log's tail: name what failed there, not only how many.
const unitFailures = (unit?.testResults ?? []).flatMap((file) =>
  (file.assertionResults ?? []).filter((t) => t.status === 'failed').map((t) => `unit: ${file.name?.replace(`${process.cwd()}/`, '')} › ${t.fullName}`),
);
function e2eFailures(suite) {
  const own = (suite.specs ?? []).flatMap((spec) =>
    spec.tests.filter((t) => t.status === 'unexpected').map((t) => `e2e [${t.projectName}]: ${spec.file}:${spec.line} › ${spec.title}`),
  );
  return [...own, ...(suite.suites ?? []).flatMap(e2eFailures)];
}
const failures = [...unitFailures, ...(e2e?.suites ?? []).flatMap(e2eFailures)];
if (failures.length > 0) console.log(`\nfailed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
const failed = unitExit !== 0 || e2eExit !== 0 || !unit || !e2e;
if (failed && totals.failed === 0) totals.failed = 1;
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failed ? 1 : 0);
