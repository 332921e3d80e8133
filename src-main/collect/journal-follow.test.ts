import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JournalFollower } from './journal-follow';

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('JournalFollower.available', () => {
  it('needs a journal file in a machine folder, not only the folder the systemd package creates', () => {
    dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const machine = join(dir, '3d1219c7c4c5404aaa1f6d2a48adfda4');
    expect(JournalFollower.available([dir, join(dir, 'missing')])).toBe(false);
    mkdirSync(machine);
    expect(JournalFollower.available([dir])).toBe(false);
    writeFileSync(join(machine, 'system.journal'), '');
    expect(JournalFollower.available([join(dir, 'missing'), dir])).toBe(true);
  });
});
