// Keeps the threat lists loaded once per file version: a list is read again only when its entry in
// the settings or the file's modification time changes, so saving a suppression does not re-parse
// a 50 MB blocklist. The core's sessions and the Settings view's list status both read from here.
import { stat } from 'node:fs/promises';
import type { ThreatListStatus } from '../../src-shared/api';
import type { ThreatListRef } from '../../src-shared/settings';
import { loadThreatLists, type LoadedLists } from './load-lists';

interface Cached {
  mtimeMs: number | undefined;
  result: Promise<LoadedLists>;
}

const refKey = (ref: ThreatListRef): string => JSON.stringify([ref.kind, ref.path, ref.name ?? null]);

async function modifiedAt(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}

export class ThreatListCache {
  private readonly byRef = new Map<string, Cached>();

  constructor(private readonly loadLists: typeof loadThreatLists = loadThreatLists) {}

  /** Every list of `refs`, in order, with the warnings of those that could not be used. */
  async load(refs: readonly ThreatListRef[]): Promise<LoadedLists> {
    const parts = await Promise.all(refs.map((ref) => this.loadOne(ref)));
    const wanted = new Set(refs.map(refKey));
    for (const key of this.byRef.keys()) if (!wanted.has(key)) this.byRef.delete(key);
    return { lists: parts.flatMap((part) => part.lists), warnings: parts.flatMap((part) => part.warnings) };
  }

  /** One status per ref, in order: its size and file date, or the problem that kept it out. */
  async describe(refs: readonly ThreatListRef[]): Promise<ThreatListStatus[]> {
    const parts = await Promise.all(refs.map((ref) => this.loadOne(ref)));
    return refs.map((ref, index) => statusOf(ref, parts[index] as LoadedLists));
  }

  private async loadOne(ref: ThreatListRef): Promise<LoadedLists> {
    const key = refKey(ref);
    const mtimeMs = await modifiedAt(ref.path);
    const hit = this.byRef.get(key);
    // A missing file is asked again each time: it may have been put in place since.
    if (hit && mtimeMs !== undefined && hit.mtimeMs === mtimeMs) return hit.result;
    const result = this.loadLists([ref]);
    this.byRef.set(key, { mtimeMs, result });
    return result;
  }
}

function statusOf(ref: ThreatListRef, part: LoadedLists): ThreatListStatus {
  const loaded = part.lists[0];
  const base = { kind: ref.kind, path: ref.path, name: loaded?.name ?? ref.name ?? ref.path.split('/').pop() ?? ref.path };
  const warnings = part.warnings.map((warning) => warning.message);
  if (!loaded) return { ...base, loaded: false, problem: warnings.join(' ') || 'not loaded' };
  return {
    ...base,
    loaded: true,
    entries: loaded.entries.length,
    fileDate: loaded.fileDate,
    skipped: loaded.skipped,
    ...(warnings.length > 0 && { problem: warnings.join(' ') }),
  };
}
