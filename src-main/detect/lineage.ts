// Process ancestry from one snapshot's process table.
import type { HostSnapshot, ProcessInfo } from '../../src-shared/model';

export type ProcessIndex = ReadonlyMap<number, ProcessInfo>;

export function indexProcesses(snapshot: HostSnapshot): ProcessIndex {
  return new Map(snapshot.processes.map((p) => [p.pid, p]));
}

/** The process's parent, grandparent, … up to `depth` levels (nearest first); stops at pid 1 and at loops. */
export function ancestors(pid: number, index: ProcessIndex, depth = 4): ProcessInfo[] {
  const chain: ProcessInfo[] = [];
  const seen = new Set<number>([pid]);
  let current = index.get(pid);
  while (current && chain.length < depth) {
    const parent = index.get(current.ppid);
    if (!parent || seen.has(parent.pid) || parent.pid <= 1) break;
    seen.add(parent.pid);
    chain.push(parent);
    current = parent;
  }
  return chain;
}
