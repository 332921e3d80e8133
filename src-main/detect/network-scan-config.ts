// The network-scan rule's settings: what each threshold means, its default and the bounds a user may set.
import type { Severity } from '../../src-shared/model';
import type { ScanCounter } from './kernel-burst';
import type { ThresholdSpecs } from './types';

export interface NetworkScanConfig {
  enabled: boolean;
  severity: Severity;
  /** Sliding window for the per-source and per-process counts. */
  windowMs: number;
  /** Inbound: one remote source touching at least this many distinct local ports within the window. */
  inboundDistinctPorts: number;
  /** Outbound: one process with connection attempts (SYN_SENT) to at least this many distinct host:port targets. */
  outboundDistinctTargets: number;
  /** Outbound: one process connecting to this many distinct ports of one host within the window (vertical scan). */
  outboundPortsPerHost: number;
  /** Outbound sweep: one process trying one port (80/443 aside) on this many hosts in SYN_SENT within the window. */
  outboundSweepHosts: number;
  /** Sweep of silent addresses: this many new FAILED/INCOMPLETE neighbour entries within the window (any prober, any protocol). */
  sweepSilentHosts: number;
  /** Outbound slow scans: distinct SYN_SENT targets (web ports aside) within the long window. */
  slowDistinctTargets: number;
  slowWindowMs: number;
  /** Raw scans: unanswered TCP segments per second while a process holds a socket that forges TCP. */
  rawUnansweredRate: number;
  /** Kernel counters watched for bursts (scans of closed ports leave no socket, only RSTs / ICMP unreachables). */
  kernelCounters: ScanCounter[];
  /** A burst needs at least this many events per second on one counter (five times this before 3 quiet ticks are known) … */
  kernelMinRate: number;
  /** … and this many times the counter's median rate over the baseline ticks. */
  kernelBaselineFactor: number;
  /** Quiet ticks kept as the baseline. */
  kernelBaselineTicks: number;
  /** Sources allowed to scan (authorised scanners), as IP addresses. */
  ignoreSources: string[];
  /** Slow scans of closed ports: failed connects (kernel AttemptFails) within `refusedWindowMs` … */
  refusedMinFails: number;
  /** … spread over at least this many ticks. */
  refusedMinTicks: number;
  refusedWindowMs: number;
  /** Most sources / processes tracked at once. */
  maxTracked: number;
}

export const DEFAULT_NETWORK_SCAN_CONFIG: NetworkScanConfig = {
  enabled: true,
  severity: 'HIGH',
  windowMs: 60_000,
  inboundDistinctPorts: 10,
  outboundDistinctTargets: 20,
  outboundPortsPerHost: 10,
  outboundSweepHosts: 6,
  sweepSilentHosts: 8,
  slowDistinctTargets: 30,
  slowWindowMs: 300_000,
  rawUnansweredRate: 20,
  kernelCounters: ['tcpOutRsts', 'icmpOutDestUnreachs', 'tcpAttemptFails', 'udpNoPorts'],
  kernelMinRate: 20,
  kernelBaselineFactor: 5,
  kernelBaselineTicks: 30,
  ignoreSources: [],
  refusedMinFails: 20,
  refusedMinTicks: 12,
  refusedWindowMs: 60_000,
  maxTracked: 10_000,
};

/** What a user may tune, with bounds (the settings schema is built from this). */
export const NETWORK_SCAN_THRESHOLDS: ThresholdSpecs<NetworkScanConfig> = {
  windowMs: { min: 1_000, max: 3_600_000, integer: true, unit: 'ms', label: 'Sliding window for the per-source and per-process counts' },
  inboundDistinctPorts: { min: 2, max: 65_535, integer: true, unit: 'count', label: 'Distinct local ports one remote source touches (inbound scan)' },
  outboundDistinctTargets: { min: 2, max: 100_000, integer: true, unit: 'count', label: 'Distinct host:port targets one process tries (outbound scan)' },
  sweepSilentHosts: { min: 2, max: 100_000, integer: true, unit: 'count', label: 'New silent (FAILED/INCOMPLETE) neighbours within the window (sweep)' },
  kernelMinRate: { min: 1, max: 1_000_000, integer: false, unit: 'per-second', label: 'Kernel RST / ICMP-unreachable events per second for a burst' },
  kernelBaselineFactor: { min: 1, max: 1_000, integer: false, unit: 'factor', label: 'Burst rate as a multiple of the quiet baseline' },
  kernelBaselineTicks: { min: 1, max: 10_000, integer: true, unit: 'ticks', label: 'Quiet ticks kept as the baseline' },
  refusedMinFails: { min: 2, max: 1_000_000, integer: true, unit: 'count', label: 'Failed outbound connects within the slow-scan window' },
  refusedWindowMs: { min: 10_000, max: 3_600_000, integer: true, unit: 'ms', label: 'Window for failed outbound connects (slow scans of closed ports)' },
};

/** What evaluate reads: the config, and what is derived from it once per rule. */
