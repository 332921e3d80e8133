// Reads the threat-list files named in the settings. A missing or malformed file is a warning,
// never a crash; nothing is fetched from the network.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { CoverageWarning } from '../../src-shared/model';
import type { ThreatListKind, ThreatListRef } from '../../src-shared/settings';
import { parseTorRelayList } from '../detect/rules/tor-relay-list';
import { parseBadAddressList } from './bad-address-list';
import { errorMessage } from '../../src-shared/error-message';

/** Larger files are refused: a list is text, one address a line. */
export const LIST_FILE_MAX_BYTES = 64 * 1024 * 1024;

export interface LoadedList {
  kind: ThreatListKind;
  name: string;
  path: string;
  /** Addresses (Tor) or IPs/CIDRs (bad addresses). */
  entries: string[];
  /** The file's modification time, ISO. */
  fileDate: string;
  skipped: number;
}

export interface LoadedLists {
  lists: LoadedList[];
  warnings: CoverageWarning[];
}

const warning = (message: string): CoverageWarning => ({
  source: 'threat-lists',
  message,
  hint: 'Check the path and the file format in the settings (lists).',
});

function torEntries(text: string): { entries: string[]; skipped: number } {
  const relays = parseTorRelayList(text);
  return { entries: relays.addresses, skipped: relays.skipped };
}

async function loadOne(ref: ThreatListRef, warnings: CoverageWarning[]): Promise<LoadedList | null> {
  const name = ref.name ?? basename(ref.path);
  const label = `Threat list "${name}" (${ref.path})`;
  let text: string;
  let fileDate: string;
  try {
    const info = await stat(ref.path);
    if (!info.isFile()) throw new Error('not a regular file');
    if (info.size > LIST_FILE_MAX_BYTES) throw new Error(`${info.size} bytes, more than the ${LIST_FILE_MAX_BYTES} accepted`);
    fileDate = info.mtime.toISOString();
    text = await readFile(ref.path, 'utf8');
  } catch (error) {
    warnings.push(warning(`${label} was not loaded: ${errorMessage(error)}`));
    return null;
  }
  const parsed = ref.kind === 'tor-relays' ? torEntries(text) : parseBadAddressList(text);
  if (parsed.entries.length === 0) {
    warnings.push(warning(`${label} holds no usable address${parsed.skipped > 0 ? ` (${parsed.skipped} lines not understood)` : ''}; not loaded.`));
    return null;
  }
  if (parsed.skipped > 0) warnings.push(warning(`${label}: ${parsed.skipped} lines held no address and were skipped.`));
  return { kind: ref.kind, name, path: ref.path, entries: parsed.entries, fileDate, skipped: parsed.skipped };
}

export async function loadThreatLists(refs: readonly ThreatListRef[]): Promise<LoadedLists> {
  const warnings: CoverageWarning[] = [];
  const lists: LoadedList[] = [];
  for (const ref of refs) {
    const loaded = await loadOne(ref, warnings);
    if (loaded) lists.push(loaded);
  }
  return { lists, warnings };
}

/** One line per list for people: name, kind, size and file date. */
export function describeList(list: LoadedList): string {
  return `${list.name} (${list.kind}): ${list.entries.length} entries, file dated ${list.fileDate}`;
}
