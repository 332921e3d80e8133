// Reads the raw, ping and packet socket tables and names their owners from the fd map.
import type { CoverageWarning, LowLevelSocket } from '../../../src-shared/model';
import { toProcessRef } from '../../../src-shared/model';
import { describeFailure, ELEVATED_RUN_HINT, errorCode, warning } from '../source';
import type { FileReader } from '../types';
import { LOW_LEVEL_FILES, parseLowLevel } from './low-level-sockets';
import type { ProcessTableData } from './processes';

/** Every table's sockets; undefined when none of the tables could be read (no Linux /proc). */
export async function readLowLevelSockets(fileReader: FileReader, coverage: CoverageWarning[]): Promise<LowLevelSocket[] | undefined> {
  const reads = await Promise.all(
    LOW_LEVEL_FILES.map(async ({ path, kind, family }) => {
      try {
        const { sockets, badLines } = parseLowLevel(await fileReader(path), kind, family);
        if (badLines > 0) coverage.push(warning('low-level-sockets', `${badLines} malformed lines in ${path} skipped`));
        return sockets;
      } catch (err) {
        // raw6/icmp6 are absent without IPv6: nothing is missing then.
        if (errorCode(err) === 'ENOENT' && path.endsWith('6')) return [];
        coverage.push(warning('low-level-sockets', `cannot read ${path}: ${describeFailure(err)}; raw-socket, ping and sniffer rules do not see that table`));
        return undefined;
      }
    }),
  );
  if (reads.every((r) => r === undefined)) return undefined;
  return reads.flatMap((r) => r ?? []);
}

/** The sockets with their owning process, where the fd walk found one. */
export function withOwners(sockets: LowLevelSocket[], ownerOf: ReadonlyMap<number, number>, table: Pick<ProcessTableData, 'byPid'>): LowLevelSocket[] {
  for (const s of sockets) {
    const pid = s.inode > 0 ? ownerOf.get(s.inode) : undefined;
    const info = pid === undefined ? undefined : table.byPid.get(pid);
    if (info) s.process = toProcessRef(info);
  }
  return sockets;
}

/** What an unprivileged run cannot see here: the owners of other users' raw, ping and packet sockets. */
export function lowLevelCoverage(sockets: readonly LowLevelSocket[], me: number | undefined): CoverageWarning[] {
  if (me === 0) return [];
  const hidden = sockets.filter((s) => !s.process && s.uid !== me).length;
  if (hidden === 0) return [];
  return [
    warning(
      'low-level-sockets',
      `owner unknown for ${hidden} raw/ping/packet socket${hidden === 1 ? '' : 's'} of other users: sniffers, raw-socket scans and ICMP tunnels by them are reported without a process`,
      ELEVATED_RUN_HINT,
    ),
  ];
}
