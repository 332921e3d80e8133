import {
  PYTHON_REFERENCE_CPU_MS,
  TARGET_CLI_SPEEDUP_VS_PYTHON,
  TARGET_TICK_SPEEDUP_VS_SI,
  type BenchResults,
  type CliResult,
  type SizeResult,
} from './results-model';
import type { SessionMemoryResult } from './session-memory';
import type { AttributionCheck } from './attribution';
import type { SubjectResult } from './measure';

export const int = (n: number): string => Math.round(n).toLocaleString('en-US');
export const ms = (n: number): string => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n.toFixed(1)) : '–');
export const ratio = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(1)}x` : '–');
const pad = (s: string, width: number): string => s.padStart(width);
const padEnd = (s: string, width: number): string => s.padEnd(width);

export function subjectRow(label: string, sockets: number, r: SubjectResult): string {
  return [
    padEnd(label, 28),
    pad(int(sockets), 7),
    pad(String(r.runs), 5),
    pad(ms(r.wallMs.median), 10),
    pad(ms(r.wallMs.p95), 9),
    pad(ms(r.cpuMsPerCall), 11),
    pad(`${ms(r.selfCpuMsPerCall)} + ${ms(r.childrenCpuMsPerCall)}`, 15),
  ].join(' ');
}

function attribution(check: AttributionCheck, expected: number): string {
  const extra = [
    check.unattributed > 0 ? `${int(check.unattributed)} without owner` : '',
    check.wrongPid > 0 ? `${int(check.wrongPid)} with a wrong pid` : '',
    check.foreignGivenFarmPid > 0 ? `${int(check.foreignGivenFarmPid)} other sockets given a farm pid` : '',
  ].filter(Boolean);
  return `${int(check.seen)}/${int(expected)} sockets listed, ${int(check.correct)} with the right pid${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

/** One size's rows: collect, collect+detect (gated, full read, without the low-level tables), si, the floor. */
export function sizeLines(size: SizeResult): string[] {
  const lines: string[] = [];
  lines.push(subjectRow(`collect() [${size.label}]`, size.farmSockets, size.collect));
  lines.push(subjectRow(`collect()+detect [${size.label}]`, size.farmSockets, size.collectDetect));
  lines.push(subjectRow(`…full table read [${size.label}]`, size.farmSockets, size.collectDetectFullRead));
  lines.push(subjectRow(`…no raw/ping/packet [${size.label}]`, size.farmSockets, size.collectDetectNoLowLevel));
  lines.push(subjectRow(`si.networkConnections() [${size.label}]`, size.farmSockets, size.si));
  lines.push(subjectRow(`(floor) read /proc/net/* [${size.label}]`, size.farmSockets, size.procNetRead));
  lines.push(
    `  → ours (collect+detect) vs si's call alone: ${ratio(size.speedup.wallMedian)} cheaper by median time, ` +
      `${ratio(size.speedup.wallP95)} by p95, ${ratio(size.speedup.cpu)} by CPU per call (idle sockets: the kernel counters let the TCP tables be reused)`,
  );
  lines.push(
    `  → raw/ping/packet tables + their rules cost ×${size.lowLevelCost.wallMedian.toFixed(2)} median time, ×${size.lowLevelCost.cpu.toFixed(2)} CPU per call (ours ÷ ours without them)`,
  );
  lines.push(
    `  → with every table re-read each tick (a busy host): ${ratio(size.speedup.fullReadWallMedian)} cheaper by median time, ${ratio(size.speedup.fullReadCpu)} by CPU per call`,
  );
  lines.push(
    `    ours, cold first tick: ${ms(size.ours.coldTickWallMs)} ms (${ms(size.ours.coldTickCpuMs)} ms CPU); host-wide ${int(size.ours.connections)} connections ` +
      `+ ${int(size.ours.listening)} listening; farm: ${attribution(size.ours.farm, size.farmSockets)}`,
  );
  lines.push(`    si: ${int(size.siRows)} rows host-wide; farm: ${attribution(size.siFarm, size.farmSockets)}`);
  return lines;
}

export const TICK_HEADER = [
  padEnd('Tick cost', 28),
  pad('sockets', 7),
  pad('runs', 5),
  pad('median ms', 10),
  pad('p95 ms', 9),
  pad('CPU ms/call', 11),
  pad('self + children', 15),
].join(' ');

/** `, the median of 3 runs (0.47, 0.49, 0.51 s)`; nothing for one run (and results saved before runs were kept). */
function runsText(runsCpuMs: readonly number[] | undefined): string {
  if (!runsCpuMs || runsCpuMs.length < 2) return '';
  return `, the median of ${runsCpuMs.length} runs (${runsCpuMs.map((m) => (m / 1000).toFixed(2)).join(', ')} s)`;
}

/** The whole-CLI run: exit, wall time, report size, CPU (by thread when sampled) against the Python reference. */
function cliLines(cli: CliResult): string[] {
  const lines: string[] = [];
  lines.push(`Whole CLI run at ${int(cli.farmSockets)} farm sockets: ${cli.command}`);
  lines.push(
    `  exit ${cli.exitCode}, wall ${(cli.wallMs / 1000).toFixed(1)} s, ${cli.reportTicks} ticks, report lists ${int(cli.reportConnections)} connections ` +
      `(${int(cli.reportConnectionsOfExpectedOwners)} owned by farm pids), report ${(cli.reportBytes / 1e6).toFixed(1)} MB`,
  );
  lines.push(
    `  CPU (node + its children, start-up included): ${(cli.cpuMs / 1000).toFixed(2)} s${runsText(cli.runsCpuMs)}; a bare \`node -e 0\` costs ${ms(cli.nodeStartupCpuMs)} ms of that`,
  );
  if (cli.threads.length > 0) {
    const shown = cli.threads
      .slice(0, 6)
      .map((t) => `${t.name} ${ms(t.ms)}`)
      .join(', ');
    lines.push(
      `  by thread of the CLI process (ms, sampled every 250 ms until exit; "main" = JS main thread, "node" = V8's background GC/compiler threads and any worker_threads): ${shown}`,
    );
  }
  lines.push(
    `  Python prototype, same run: ${(PYTHON_REFERENCE_CPU_MS / 1000).toFixed(1)} CPU-s — REFERENCE stated in issue 12 (a 20-s run at ~12,000 sockets), not measured here`,
  );
  lines.push(
    `  → ${ratio(cli.speedupVsPython)} less CPU than the reference (target ≥ ${TARGET_CLI_SPEEDUP_VS_PYTHON}x, i.e. < ${ms(PYTHON_REFERENCE_CPU_MS / TARGET_CLI_SPEEDUP_VS_PYTHON)} ms)`,
  );
  if (cli.exitCode !== 0) lines.push(`  stderr: ${cli.stderrTail}`);
  lines.push('');
  return lines;
}

/** Session memory over a long run: heap and RSS at three points and the growth per tick. */
function memoryLines(mem: SessionMemoryResult): string[] {
  const lines: string[] = [];
  lines.push(
    `Session memory (MonitorSession, every ${mem.intervalMs} ms, ${int(mem.connectionsLastTick)} connections, ${mem.alerts} alerts; heap after full GC):`,
  );
  lines.push(
    `  before start ${mem.before.heapUsedMb.toFixed(1)} MB heap / ${mem.before.rssMb.toFixed(0)} MB RSS; ` +
      `after ${mem.afterN.ticks} ticks ${mem.afterN.heapUsedMb.toFixed(1)} MB / ${mem.afterN.rssMb.toFixed(0)} MB; ` +
      `after ${mem.after2N.ticks} ticks ${mem.after2N.heapUsedMb.toFixed(1)} MB / ${mem.after2N.rssMb.toFixed(0)} MB`,
  );
  const hostChanged = Math.abs(mem.after2N.connections - mem.afterN.connections) > 0.05 * Math.max(1, mem.afterN.connections);
  if (hostChanged) {
    lines.push(
      `  NOTE: the host's connections went from ${int(mem.afterN.connections)} to ${int(mem.after2N.connections)} between the two samples ` +
        '(other processes on this machine), so the heap comparison below is not like for like',
    );
  }
  const growth =
    mem.heapGrowthKbPerTick > 0
      ? `heap grew ${mem.heapGrowthKbPerTick.toFixed(1)} KB/tick between tick ${mem.afterN.ticks} and ${mem.after2N.ticks} (linear extrapolation to 24 h at 2 s: ${mem.heapGrowthMbPer24h.toFixed(0)} MB)`
      : `no heap growth between tick ${mem.afterN.ticks} and ${mem.after2N.ticks} (${mem.heapGrowthKbPerTick.toFixed(1)} KB/tick)`;
  lines.push(`  ${growth}; session's own median collect ${ms(mem.medianCollectMs)} ms, detect ${ms(mem.medianDetectMs)} ms`);
  lines.push('');
  return lines;
}

/** The verdict on each target (not judged in --quick mode). */
function targetLines(results: BenchResults): string[] {
  const lines: string[] = [];
  const t = results.targets;
  const verdict = (met: boolean): string => (results.mode === 'quick' ? 'not judged in --quick mode' : met ? 'MET' : 'NOT MET');
  const largest = results.sizes.at(-1);
  if (results.sizes.length > 0)
    lines.push(
      `Target: steady tick at ${largest ? int(largest.farmSockets) : '?'} sockets ≥ ${TARGET_TICK_SPEEDUP_VS_SI}x cheaper than si's call: ` +
        `${verdict(t.tickAtLargestSizeAtLeast5xCheaperThanSi.met)} ` +
        `(${ratio(t.tickAtLargestSizeAtLeast5xCheaperThanSi.wallSpeedup)} by median time, ${ratio(t.tickAtLargestSizeAtLeast5xCheaperThanSi.cpuSpeedup)} by CPU)`,
    );
  if (results.cli)
    lines.push(
      `Target: whole CLI run < ${ms(t.cliUnderTenthOfPython.limitMs)} ms CPU (a tenth of the Python reference): ` +
        `${verdict(t.cliUnderTenthOfPython.met)} (${ms(t.cliUnderTenthOfPython.cpuMs)} ms)`,
    );
  return lines;
}

/** The human-readable summary printed at the end of `npm run bench`. */
export function formatResults(results: BenchResults): string {
  const lines: string[] = [];
  const m = results.machine;
  lines.push(`NetSentinel bench (${results.mode}) · ${results.generatedAt} · ${m.cpus} CPUs ${m.cpuModel} · Node ${m.node} · Linux ${m.kernel}`);
  lines.push('All times measured in this run; CPU = this process + the programs it ran (ss, ip, netstat …).');
  lines.push('');
  if (results.sizes.length > 0) lines.push(TICK_HEADER);
  for (const size of results.sizes) lines.push(...sizeLines(size));
  for (const section of results.modules) {
    lines.push('');
    lines.push(`${section.title} [${section.id}]`);
    lines.push(...section.lines);
  }
  lines.push('');
  if (results.cli) lines.push(...cliLines(results.cli));
  if (results.memory) lines.push(...memoryLines(results.memory));
  lines.push(...targetLines(results));
  lines.push(`Bench took ${results.durationSec.toFixed(0)} s.`);
  return lines.join('\n');
}
