import { describe, expect, it } from 'vitest';
import type { CoverageWarning } from '../../src-shared/model';
import { guardInto } from './source';

describe('guardInto', () => {
  it('gives what the read gave and warns of nothing', async () => {
    const coverage: CoverageWarning[] = [];
    expect(await guardInto(coverage, 'collection failed')('dns', [], async () => ['10.0.0.1'])).toEqual(['10.0.0.1']);
    expect(coverage).toEqual([]);
  });

  it("gives the fallback for a failed read and says why, with the caller's wording and hint", async () => {
    const coverage: CoverageWarning[] = [];
    const guard = guardInto(coverage, 'unavailable');
    const gone = Object.assign(new Error('gone'), { code: 'ENOENT' });
    expect(await guard('dns', 'none', () => Promise.reject(gone))).toBe('none');
    expect(await guard('arp', 0, () => Promise.reject(new Error('boom')), 'try root')).toBe(0);
    expect(coverage).toEqual([
      { source: 'dns', message: 'unavailable: not found' },
      { source: 'arp', message: 'unavailable: boom', hint: 'try root' },
    ]);
  });
});
