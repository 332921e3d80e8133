import type { Alert, Finding, HostSnapshot, Severity } from '../../src-shared/model';
import { HomeNet } from '../../src-shared/net';
import type { Suppression } from '../../src-shared/settings';
import { ConnectionTracker } from './connection-tracker';
import { EngineAlerts, alertCopies, type EngineAlertOptions } from './engine-alerts';
import { reslot, runRules, slotOf, type RuleSlot } from './engine-rules';
import { hostStateOf, sameHostState, type HostState } from './host-state';
import type { AnyRule, DetectionEngine, EngineReconfiguration, RuleContext } from './types';
import { errorMessage } from '../../src-shared/error-message';

export interface EngineOptions extends EngineAlertOptions {
  /** CIDRs that count as internal besides the built-in private ranges and the host's subnets. */
  homeNetCidrs?: string[];
  /** Most findings taken from one rule in one tick (default 500). */
  maxFindingsPerRule?: number;
}

/** What the engine keeps between ticks besides its alerts. */
interface EngineState {
  readonly alerts: EngineAlerts;
  readonly tracker: ConnectionTracker;
  readonly maxFindings: number;
  homeNet: HomeNet;
  slots: RuleSlot[];
  /** A reconfiguration waiting for the next tick. */
  pending?: EngineReconfiguration;
  /** Reported with the next tick, where the session turns them into batch warnings. */
  configErrors: string[];
  lastHostState?: HostState;
  errors: string[];
  timings: Record<string, number>;
}

const invalidCidrErrors = (homeNet: HomeNet): string[] => [
  ...homeNet.invalid.map((cidr) => `HOME_NET: ignored invalid CIDR "${cidr}"`),
  ...homeNet.refused.map((reason) => `HOME_NET: ${reason}`),
];

export function createEngine(rules: AnyRule[], options: EngineOptions = {}): DetectionEngine {
  const homeNet = new HomeNet(options.homeNetCidrs ?? []);
  const state: EngineState = {
    alerts: new EngineAlerts(options),
    tracker: new ConnectionTracker(),
    maxFindings: options.maxFindingsPerRule ?? 500,
    homeNet,
    slots: rules.map(slotOf),
    configErrors: invalidCidrErrors(homeNet),
    errors: [],
    timings: {},
  };
  const { alerts } = state;
  const withChanged = (apply: (changed: Map<string, Alert>) => void): Alert[] => {
    const changed = new Map<string, Alert>();
    apply(changed);
    return alertCopies(changed.values());
  };
  return {
    evaluate: (snapshot: HostSnapshot): Alert[] => withChanged((changed) => evaluateTick(state, snapshot, changed)),
    alerts: (): Alert[] => alertCopies(alerts.store.values()),
    reconfigure(change: EngineReconfiguration): void {
      state.pending = { ...state.pending, ...change };
    },
    setSuppressions: (list: readonly Suppression[], now: number): Alert[] => withChanged((changed) => alerts.setSuppressions(list, now, changed)),
    setSeverityOverrides: (next: Record<string, Severity>): Alert[] => withChanged((changed) => alerts.overrideSeverities(next, changed)),
    suppressionCounts: () => alerts.suppressionCounts(),
    severityCounts: () => alerts.severityCounts(),
    suppressedCount: () => alerts.suppressedCount(),
    droppedCount: () => alerts.droppedCount(),
    lastDroppedIds: () => alerts.lastDroppedIds(),
    lastErrors: () => [...state.errors],
    lastTimings: () => ({ ...state.timings }),
  };
}

function evaluateTick(state: EngineState, snapshot: HostSnapshot, changed: Map<string, Alert>): void {
  // A reconfiguration may bring fresh rule state or another HOME_NET: every rule runs then.
  const hostUnchanged = state.pending === undefined && sameHostState(state.lastHostState, snapshot);
  state.lastHostState = typeof snapshot === 'object' && snapshot !== null ? hostStateOf(snapshot) : undefined;
  applyPending(state, changed);
  const errors: string[] = state.configErrors;
  state.configErrors = [];
  state.alerts.beginTick();
  const now = Number.isFinite(snapshot?.time) ? snapshot.time : Date.now();
  state.alerts.remarkIfExpired(now, changed);
  const context = tickContext(state, snapshot, now, errors);
  const timings: Record<string, number> = {};
  const fold = (rule: AnyRule, finding: Finding): void => state.alerts.fold(rule, finding, now, changed);
  runRules(state.slots, snapshot, context, { hostUnchanged, maxFindings: state.maxFindings, errors, timings, fold });
  state.errors = errors;
  state.timings = timings;
}

function applyPending(state: EngineState, changed: Map<string, Alert>): void {
  const next = state.pending;
  if (!next) return;
  state.pending = undefined;
  if (next.homeNetCidrs) {
    state.homeNet = new HomeNet(next.homeNetCidrs);
    state.configErrors.push(...invalidCidrErrors(state.homeNet));
  }
  if (next.severityOverrides) state.alerts.overrideSeverities(next.severityOverrides, changed);
  if (next.rules) state.slots = reslot(state.slots, next.rules);
}

/** What every rule gets this tick: the snapshot's local addresses set on HOME_NET, the connections new since the last tick. */
function tickContext(state: EngineState, snapshot: HostSnapshot, now: number, errors: string[]): RuleContext {
  const { homeNet, tracker, alerts } = state;
  try {
    homeNet.setLocalAddresses(Array.isArray(snapshot?.localAddresses) ? snapshot.localAddresses : []);
  } catch (error) {
    errors.push(`HOME_NET: ${errorMessage(error)}`);
  }
  let newConnections: RuleContext['newConnections'];
  try {
    newConnections = tracker.observe(Array.isArray(snapshot?.connections) ? snapshot.connections : [], now);
  } catch (error) {
    errors.push(`connection tracker: ${errorMessage(error)}`);
  }
  return { homeNet, now, alerts: alerts.store, ...(newConnections ? { newConnections } : {}) };
}
