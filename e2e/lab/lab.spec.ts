// The attack lab: real attacks against a victim namespace watched by the real CLI.
// Run: npx playwright test --project lab   (root; apt-get install -y nmap dsniff iproute2)
import { test, expect } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLabServices } from './agents';
import { INSTALL_LINE, buildLab, hasCommand, labNamespaces, labUnavailableReason, type Lab } from './lab';
import { renderMatrix, type MatrixRow } from './matrix';
import { ensureCliBuilt } from '../support/cli-build';
import { runScenario, type ScenarioResult } from './runner';
import { SCENARIOS } from './scenarios';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT_DIR = join(ROOT, 'test-results', 'lab');
const RESULTS_DIR = join(OUT_DIR, 'results');
const MATRIX_PATH = join(ROOT, 'test-results', 'lab-matrix.md');
// A failed test restarts the Playwright worker; results are kept on disk under the runner's pid
// so the matrix covers the whole run.
const RUN_ID = String(process.ppid);

function saveResult(result: ScenarioResult): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${result.id}.json`), JSON.stringify({ runId: RUN_ID, result }, null, 2));
}

function saveSkip(id: string, reason: string): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${id}.json`), JSON.stringify({ runId: RUN_ID, skipped: reason }));
}

function matrixRows(): MatrixRow[] {
  return SCENARIOS.map(({ id }) => {
    const path = join(RESULTS_DIR, `${id}.json`);
    if (!existsSync(path)) return { id };
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { runId: string; result?: ScenarioResult; skipped?: string };
    return saved.runId === RUN_ID ? { id, result: saved.result, skipped: saved.skipped } : { id };
  });
}

function writeMatrix(): string {
  const matrix = renderMatrix(matrixRows());
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  writeFileSync(MATRIX_PATH, `# NetSentinel attack lab\n\n${new Date().toISOString()}\n\n${matrix}\n`);
  return matrix;
}

function describeFailure(result: ScenarioResult): string {
  return [
    `${result.id}: ${result.note ?? ''}`,
    `alerts streamed: ${result.allAlerts.map((a) => `${a.techniqueId}/${a.severity}/${a.ruleId}@${a.at}s${a.outsideLab ? ' (process outside the lab)' : ''}`).join(', ') || 'none'}`,
    'victim sockets and counters per second (from the lab probe):',
    ...result.probe.map((line) => `  ${line}`),
    `artefacts: ${result.artefacts}`,
  ].join('\n');
}

// Traces record browser activity; the lab has none, and its workers restart after each failure.
test.use({ trace: 'off' });

let lab: Lab | undefined;
const unavailable = labUnavailableReason();

test.describe('attack lab', () => {
  test.beforeAll(() => {
    if (unavailable) {
      console.log(`[lab] skipped: ${unavailable}. As root, with: ${INSTALL_LINE}`);
      test.skip(true, `${unavailable} (${INSTALL_LINE})`);
      return;
    }
    ensureCliBuilt();
  });

  test.beforeAll(async () => {
    if (unavailable) return;
    lab = buildLab();
    await startLabServices(lab);
  });

  test.afterAll(() => {
    lab?.teardown();
    lab = undefined;
    if (!unavailable) console.log(`\n[lab] matrix so far (${MATRIX_PATH}):\n${writeMatrix()}\n`);
  });

  for (const scenario of SCENARIOS) {
    test(`${scenario.id}: ${scenario.title}`, async () => {
      const missing = (scenario.needs ?? []).filter((command) => !hasCommand(command));
      if (missing.length > 0) {
        const reason = `${missing.join(', ')} not installed (${INSTALL_LINE})`;
        console.log(`[lab] ${scenario.id} skipped: ${reason}`);
        saveSkip(scenario.id, reason);
        test.skip(true, reason);
      }
      if (!lab) throw new Error('lab not built');
      if (scenario.knownGap) test.fail(true, `known gap: ${scenario.knownGap}`);
      const result = await runScenario(lab, scenario, OUT_DIR);
      saveResult(result);
      const verdict = result.passed ? 'PASS' : scenario.knownGap ? 'FAIL (known gap)' : 'FAIL';
      console.log(
        `[lab] ${verdict} ${scenario.id}: expected ${result.expected}, detected=${result.named}` +
          `${result.secondsToDetect !== undefined ? ` in ${result.secondsToDetect} s` : ''}, false alerts=${result.falseAlerts.length}`,
      );
      expect(result.passed, describeFailure(result)).toBe(true);
    });
  }

  test('matrix, and every namespace removed', () => {
    lab?.teardown();
    lab = undefined;
    expect(labNamespaces()).toEqual([]);
    const matrix = writeMatrix();
    console.log(`\n[lab] scenario matrix (${MATRIX_PATH}):\n${matrix}\n`);
  });
});
