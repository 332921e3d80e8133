import { describe, expect, it } from 'vitest';
import { enrichmentStatus } from '../core/session-factory';
import { aboutPanelOptions, enrichmentLines } from './about-panel';

describe('the About box', () => {
  it('names each bundled data set with its date, from the real data', async () => {
    const summary = await enrichmentStatus();
    const lines = enrichmentLines(summary);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/: \d{4}-\d\d-\d\d/);
    expect(lines.find((l) => l.startsWith('AS'))).toMatch(/\d{3},\d{3} entries$/);
    const options = aboutPanelOptions('NetSentinel', '0.1.0', summary);
    expect(options.copyright).toContain('Offline enrichment data');
    expect(options.credits).toBe(options.copyright);
  });

  it('says what is missing instead of a date', () => {
    expect(enrichmentLines({ ready: true, sources: [{ name: 'country', problem: 'not found' }] })).toEqual(['country: unavailable (not found)']);
  });
});
