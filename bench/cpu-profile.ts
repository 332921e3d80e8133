/** Reads a V8 .cpuprofile (node --cpu-prof) into the functions that took the most time. */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface FunctionCost {
  /** name (file:line), file relative to the last "/out/" or "/node_modules/" where possible. */
  name: string;
  selfMs: number;
  /** Time in this function and everything it called (recursion counted once). */
  totalMs: number;
}

function shortUrl(url: string): string {
  const marker = ['/node_modules/', '/out/'].map((m) => [m, url.lastIndexOf(m)] as const).find(([, i]) => i >= 0);
  if (marker) return url.slice(marker[1] + 1);
  return url.replace(/^file:\/\//, '').replace(/^node:/, 'node:');
}

function keyOf(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  return `${name} (${shortUrl(frame.url)}:${frame.lineNumber + 1})`;
}

/** Self and inclusive time per function, most expensive (inclusive) first. */
export function functionCosts(profile: CpuProfile): FunctionCost[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  // Depth-first from the root, carrying the keys already on the stack so recursion counts once.
  const root = profile.nodes[0];
  if (!root) return [];
  const visit = (node: ProfileNode, onStack: ReadonlySet<string>): number => {
    const key = keyOf(node.callFrame);
    let inclusive = selfUs.get(node.id) ?? 0;
    self.set(key, (self.get(key) ?? 0) + inclusive);
    const stack = onStack.has(key) ? onStack : new Set([...onStack, key]);
    for (const childId of node.children ?? []) {
      const child = byId.get(childId);
      if (child) inclusive += visit(child, stack);
    }
    if (!onStack.has(key)) total.set(key, (total.get(key) ?? 0) + inclusive);
    return inclusive;
  };
  visit(root, new Set());
  return [...total.entries()]
    .map(([name, totalUs]) => ({ name, selfMs: (self.get(name) ?? 0) / 1000, totalMs: totalUs / 1000 }))
    .sort((a, b) => b.totalMs - a.totalMs);
}

/** Functions worth naming: not the VM's bookkeeping nodes, and not the outer wrappers everything runs under. */
export function isInteresting(cost: FunctionCost): boolean {
  return !/^\((root|program|idle|garbage collector)\)/.test(cost.name);
}
