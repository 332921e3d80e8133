import { performance } from 'node:perf_hooks';
import { cpuSince, readCpuTime } from './cpu-time';
import { summarize, type Summary } from './stats';

/** One thing timed repeatedly: a collector tick, a tick plus detection, systeminformation's call. */
export interface Subject {
  name: string;
  run: () => Promise<unknown>;
}

export interface SubjectResult {
  name: string;
  runs: number;
  wallMs: Summary;
  /** Mean CPU per call: this process plus the programs it ran (ss, netstat …), in ms. */
  cpuMsPerCall: number;
  selfCpuMsPerCall: number;
  childrenCpuMsPerCall: number;
}

interface Accumulator {
  wall: number[];
  selfMs: number;
  childrenMs: number;
}

/**
 * Runs the subjects round-robin (a, b, c, a, b, c …) so background load on a shared machine falls
 * on all of them alike, rather than on whichever happened to run during a noisy second.
 * Warm-up rounds run first and are not counted.
 */
export async function measureInterleaved(subjects: readonly Subject[], rounds: number, warmupRounds: number): Promise<SubjectResult[]> {
  for (let i = 0; i < warmupRounds; i += 1) {
    for (const subject of subjects) await subject.run();
  }
  const acc: Accumulator[] = subjects.map(() => ({ wall: [], selfMs: 0, childrenMs: 0 }));
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, subject] of subjects.entries()) {
      const slot = acc[index];
      if (!slot) continue;
      const cpuStart = readCpuTime();
      const wallStart = performance.now();
      await subject.run();
      const wall = performance.now() - wallStart;
      const cpu = cpuSince(cpuStart);
      slot.wall.push(wall);
      slot.selfMs += cpu.selfMs;
      slot.childrenMs += cpu.childrenMs;
    }
  }
  return subjects.map((subject, index) => {
    const slot = acc[index] ?? { wall: [], selfMs: 0, childrenMs: 0 };
    const runs = slot.wall.length;
    return {
      name: subject.name,
      runs,
      wallMs: summarize(slot.wall),
      cpuMsPerCall: (slot.selfMs + slot.childrenMs) / Math.max(1, runs),
      selfCpuMsPerCall: slot.selfMs / Math.max(1, runs),
      childrenCpuMsPerCall: slot.childrenMs / Math.max(1, runs),
    };
  });
}

/** Times one call (a cold first tick, for instance). */
export async function measureOnce<T>(run: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const cpuStart = readCpuTime();
  const wallStart = performance.now();
  const value = await run();
  const wallMs = performance.now() - wallStart;
  return { value, wallMs, cpuMs: cpuSince(cpuStart).totalMs };
}
