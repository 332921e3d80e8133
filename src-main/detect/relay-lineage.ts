// Relays that hand the accepted connection to a child (ncat --sh-exec, socat EXEC:'nc host port',
// inetd-style forks): the outbound leg is held by a descendant of the process holding the
// accepted connection.
import type { Connection, ListeningPort, ProcessRef } from '../../src-shared/model';
import { ancestors, type ProcessIndex } from './lineage';

export interface RelayGroup {
  members: Map<number, ProcessRef>;
  accepted: Connection[];
  outbound: Connection[];
  listening: ListeningPort[];
  /** Outbound legs held by a descendant of the accepting process (a child spawned per connection). */
  childLegs: Set<Connection>;
  /** Descendants whose stdin/stdout is the accepted socket itself (ncat --sh-exec, inetd style). */
  socketStdio: Set<number>;
}

/**
 * The group of the nearest ancestor (two generations, no proxy by trade on the way) that holds
 * an accepted connection, per pid; notes descendants whose stdio is that accepted socket.
 */
export function acceptingGroups(
  groups: Map<string, RelayGroup>,
  keyOf: (p: ProcessRef) => string | null,
  index: ProcessIndex,
): (p: ProcessRef) => RelayGroup | undefined {
  const byPid = new Map<number, RelayGroup | null>();
  const acceptedInodes = new Map<number, RelayGroup>();
  for (const group of groups.values()) for (const c of group.accepted) if (c.inode > 0) acceptedInodes.set(c.inode, group);
  return (p) => {
    if (acceptedInodes.size === 0) return undefined;
    const known = byPid.get(p.pid);
    if (known !== undefined) return known ?? undefined;
    let found: RelayGroup | null = null;
    for (const ancestor of ancestors(p.pid, index, 2)) {
      const key = keyOf(ancestor);
      if (key === null) break;
      const group = groups.get(key);
      if (group && group.accepted.length > 0) {
        found = group;
        break;
      }
    }
    const stdio = index.get(p.pid)?.stdioSocketInodes ?? [];
    for (const inode of stdio.slice(0, 2)) {
      const group = inode !== undefined ? acceptedInodes.get(inode) : undefined;
      if (group && (found === null || found === group)) {
        found = group;
        group.socketStdio.add(p.pid);
      }
    }
    byPid.set(p.pid, found);
    return found ?? undefined;
  };
}
