import { Session } from 'node:inspector/promises';
import { createCollector } from '../src-main/collect';
import { createEngine } from '../src-main/detect/engine';
import { defaultRules } from '../src-main/detect/rules';
import { functionCosts, isInteresting, type CpuProfile, type FunctionCost } from './cpu-profile';
import { cpuSince, readCpuTime } from './cpu-time';
import { readThreadCpu, threadCpuSince } from './thread-cpu';

export interface TickProfile {
  ticks: number;
  cpuMsPerTick: number;
  childrenCpuMsPerTick: number;
  gcMsPerTick: number;
  /** Where the process's CPU went, per thread name (main JS thread, worker threads, libuv pool, GC), ms per tick. */
  threads: { name: string; ms: number }[];
  /** Per tick, sorted by self time. */
  bySelf: FunctionCost[];
  /** Per tick, sorted by inclusive time. */
  byTotal: FunctionCost[];
}

/** Profiles steady-state collect+detect ticks in this process with the V8 sampling profiler. */
export async function profileTicks(ticks: number, warmupTicks: number, top = 25): Promise<TickProfile> {
  const collector = createCollector();
  const engine = createEngine(defaultRules(), { homeNetCidrs: [] });
  const tick = async (): Promise<void> => {
    engine.evaluate(await collector.collect());
  };
  for (let i = 0; i < warmupTicks; i += 1) await tick();

  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const cpuStart = readCpuTime();
    const threadsStart = readThreadCpu();
    for (let i = 0; i < ticks; i += 1) await tick();
    const cpu = cpuSince(cpuStart);
    const threads = threadCpuSince(threadsStart).map((t) => ({ name: t.name, ms: t.ms / ticks }));
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    const perTick = (c: FunctionCost): FunctionCost => ({ name: c.name, selfMs: c.selfMs / ticks, totalMs: c.totalMs / ticks });
    const costs = functionCosts(profile).map(perTick);
    return {
      ticks,
      cpuMsPerTick: cpu.totalMs / ticks,
      childrenCpuMsPerTick: cpu.childrenMs / ticks,
      threads,
      gcMsPerTick: costs.find((c) => c.name.startsWith('(garbage collector)'))?.selfMs ?? 0,
      bySelf: costs
        .filter(isInteresting)
        .sort((a, b) => b.selfMs - a.selfMs)
        .slice(0, top),
      byTotal: costs.filter(isInteresting).slice(0, top),
    };
  } finally {
    session.disconnect();
  }
}

export function formatTickProfile(p: TickProfile, farmSockets: number): string {
  const row = (c: FunctionCost): string => `${c.selfMs.toFixed(2).padStart(8)} ${c.totalMs.toFixed(2).padStart(8)}  ${c.name}`;
  return [
    `Steady-state collect+detect at ${farmSockets.toLocaleString('en-US')} farm sockets, ${p.ticks} ticks profiled:`,
    `  CPU ${p.cpuMsPerTick.toFixed(1)} ms/tick (children ${p.childrenCpuMsPerTick.toFixed(1)}), GC ${p.gcMsPerTick.toFixed(1)} ms/tick; JS profile below is per tick`,
    `  by thread (ms/tick, 10 ms clock resolution over all ticks): ${p.threads.map((t) => `${t.name} ${t.ms.toFixed(1)}`).join(', ')}`,
    '  self ms  total ms  function — by self time',
    ...p.bySelf.map(row),
    '  self ms  total ms  function — by total (inclusive) time',
    ...p.byTotal.map(row),
  ].join('\n');
}
