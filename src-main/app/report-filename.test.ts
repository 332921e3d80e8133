import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { fileTimestamp, reportFileName, safeHostPart } from './report-filename';

const SAFE_NAME = /^netsentinel-report-[A-Za-z0-9._-]+-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.json$/;

describe('reportFileName', () => {
  it('joins host and UTC timestamp', () => {
    expect(reportFileName('lab-box', Date.UTC(2024, 4, 1, 12, 30, 5, 999))).toBe('netsentinel-report-lab-box-2024-05-01T12-30-05Z.json');
  });

  it('gives a safe name for this machine', () => {
    expect(reportFileName(hostname(), Date.now())).toMatch(SAFE_NAME);
  });

  it.each([
    ['my host/../../etc', 'my-host-etc'],
    ['a..b', 'a-b'],
    ['C:\\Users\\x', 'C-Users-x'],
    ['host:name*?"<>|', 'host-name'],
    ['café.local', 'cafe.local'],
    ['..', 'host'],
    ['', 'host'],
    ['---', 'host'],
    ['ホスト', 'host'],
  ])('cleans %j to %j', (raw, expected) => {
    expect(safeHostPart(raw)).toBe(expected);
    expect(reportFileName(raw, 0)).toMatch(SAFE_NAME);
  });

  it('bounds the host part', () => {
    const part = safeHostPart('a'.repeat(300));
    expect(part).toHaveLength(63);
  });

  it('keeps the timestamp sortable', () => {
    const earlier = fileTimestamp(Date.UTC(2024, 0, 9, 23, 59, 59));
    const later = fileTimestamp(Date.UTC(2024, 0, 10, 0, 0, 0));
    expect(earlier < later).toBe(true);
    expect(fileTimestamp(0)).toBe('1970-01-01T00-00-00Z');
  });
});
