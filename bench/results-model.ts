import type { AttributionCheck } from './attribution';
import type { CliRunResult } from './cli-run';
import type { SubjectResult } from './measure';
import type { SessionMemoryResult } from './session-memory';

/** The Python prototype's CPU time for a 20-s run at ~12,000 sockets, as stated in issue 12 (not measured here). */
export const PYTHON_REFERENCE_CPU_MS = 5_800;
export const TARGET_TICK_SPEEDUP_VS_SI = 5;
export const TARGET_CLI_SPEEDUP_VS_PYTHON = 10;

export interface SizeResult {
  label: string;
  /** TCP sockets the farm holds (2 per pair + 1 listener per child). */
  farmSockets: number;
  farmPids: number[];
  /** What our collector saw on its first (cold) tick. */
  ours: { connections: number; listening: number; farm: AttributionCheck; coldTickWallMs: number; coldTickCpuMs: number };
  /** Rows systeminformation returned on its first call. */
  siRows: number;
  siFarm: AttributionCheck;
  collect: SubjectResult;
  collectDetect: SubjectResult;
  /** collect + detect with the counter gate off (socketTableMaxAgeMs 0): every tick re-reads every socket table. */
  collectDetectFullRead: SubjectResult;
  si: SubjectResult;
  /** Just reading /proc/net/{tcp,udp}{,6}: the least a /proc-based tick pays at this size. */
  procNetRead: SubjectResult;
  /** collect + detect without the raw/ping/packet socket tables and the rules reading them. */
  collectDetectNoLowLevel: SubjectResult;
  /** ours ÷ ours without those tables: what reading them adds (1.00 = nothing). */
  lowLevelCost: { wallMedian: number; cpu: number };
  /** si ÷ ours (collect + detect): how many times cheaper our whole tick is than si's call alone. */
  speedup: { wallMedian: number; wallP95: number; cpu: number; fullReadWallMedian: number; fullReadCpu: number };
}

/** The run with the median CPU time, and every run's CPU time in the order run. */
export interface CliResult extends CliRunResult {
  runsCpuMs: number[];
  farmSockets: number;
  /** A bare `node -e 0`, measured in the same run: start-up no CLI run can avoid. */
  nodeStartupCpuMs: number;
  pythonReferenceCpuMs: number;
  /** Python reference ÷ our CPU time. */
  speedupVsPython: number;
}

export interface ModuleResult {
  id: string;
  title: string;
  lines: string[];
  data: unknown;
}

export interface BenchResults {
  generatedAt: string;
  machine: { cpus: number; cpuModel: string; node: string; kernel: string; openFilesLimit: { soft: number; hard: number } };
  mode: 'full' | 'quick';
  durationSec: number;
  sizes: SizeResult[];
  cli: CliResult | null;
  memory: SessionMemoryResult | null;
  /** What each measurement module of bench/modules.ts printed and measured, in the order run. */
  modules: ModuleResult[];
  targets: {
    tickAtLargestSizeAtLeast5xCheaperThanSi: { met: boolean; wallSpeedup: number; cpuSpeedup: number };
    cliUnderTenthOfPython: { met: boolean; cpuMs: number; limitMs: number };
  };
}
