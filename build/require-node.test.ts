import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DESKTOP_NODE, isAtLeast, nodeVersionProblem } from './require-node.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('isAtLeast', () => {
  it('compares major, minor and patch as numbers', () => {
    expect(isAtLeast('22.12.0', '22.12.0')).toBe(true);
    expect(isAtLeast('v22.12.1', '22.12.0')).toBe(true);
    expect(isAtLeast('24.0.0', '22.12.0')).toBe(true);
    expect(isAtLeast('22.9.0', '22.12.0')).toBe(false);
    expect(isAtLeast('20.19.5', '22.12.0')).toBe(false);
    expect(isAtLeast('22.11.99', '22.12.0')).toBe(false);
  });
});

describe('nodeVersionProblem', () => {
  it('says what is needed, what runs, and what still works on the older Node', () => {
    const message = nodeVersionProblem('v20.19.1', '22.12.0', 'npm run dev') ?? '';
    expect(message).toContain('npm run dev needs Node 22.12.0 or newer; this is Node 20.19.1.');
    expect(message).toContain('Electron 45');
    expect(message).toMatch(/CLI and the tests still run on Node 20\.19/);
    expect(nodeVersionProblem('22.12.0', '22.12.0', 'npm run dev')).toBeUndefined();
  });
});

describe('npm run dev on this Node', () => {
  const old = !isAtLeast(process.versions.node, DESKTOP_NODE);
  it(old ? 'fails at once with the message, before electron-vite starts' : 'passes the check (this Node is new enough)', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'build/require-node.mjs'), 'npm run dev'], { encoding: 'utf8' });
    if (old) {
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`npm run dev needs Node ${DESKTOP_NODE} or newer; this is Node ${process.versions.node}.`);
    } else {
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('');
    }
  });

  it.runIf(old)('npm run dev itself stops in its pre-script with that message', () => {
    const run = spawnSync('npm', ['run', 'dev'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`npm run dev needs Node ${DESKTOP_NODE} or newer`);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/electron-vite|vite v\d/i);
  });

  it('is the pre-script of dev, start and dist', async () => {
    const { readFile } = await import('node:fs/promises');
    const scripts = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const name of ['dev', 'start', 'dist']) expect(scripts[`pre${name}`]).toBe(`node build/require-node.mjs "npm run ${name}"`);
  });
});
