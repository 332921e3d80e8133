import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORE_NODE_FLAGS, cliShebang, shebangNodeFlags } from './node-flags';

describe('core Node flags', () => {
  it('reads back the flags a shebang passes', () => {
    expect(shebangNodeFlags(cliShebang())).toEqual([...CORE_NODE_FLAGS]);
    expect(shebangNodeFlags('#!/usr/bin/env node')).toEqual([]);
    expect(shebangNodeFlags('#!/usr/bin/env -S node --a --max-old-space-size=512')).toEqual(['--a', '--max-old-space-size=512']);
    expect(shebangNodeFlags('#!/bin/sh')).toEqual([]);
  });

  it('fit a shebang line that kernels before Linux 5.1 read whole (127 bytes)', () => {
    expect(Buffer.byteLength(cliShebang())).toBeLessThanOrEqual(127);
  });

  it('are accepted by this Node (a flag it does not know would stop the CLI at start)', async () => {
    const { spawnSync } = await import('node:child_process');
    const run = spawnSync(process.execPath, [...CORE_NODE_FLAGS, '-e', 'process.stdout.write("ok")'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('ok');
  });

  const built = new URL('../out/cli/netsentinel.js', import.meta.url);
  it.skipIf(!existsSync(built))('are in the built CLI’s shebang', () => {
    const firstLine = readFileSync(built, 'utf8').split('\n', 1)[0] ?? '';
    expect(shebangNodeFlags(firstLine)).toEqual([...CORE_NODE_FLAGS]);
  });
});
