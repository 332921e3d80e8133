// The beaconing rule's memory: one series of connection starts per process + endpoint, who owns
// an endpoint, and the open connections whose close (dated by the kernel) is still to come.
import type { Connection, ProcessRef } from '../../../src-shared/model';
import { BoundedMap } from '../../../src-shared/bounded-map';
import { connectionKey } from '../connection-tracker';
import type { BeaconEvent } from './beacon-score';
import { formatEndpoint } from '../../../src-shared/endpoint';

export interface Series {
  /** `who|endpoint`: its key in BeaconMemory.series while it is there. */
  key: string;
  who: string;
  address: string;
  port: number;
  process?: ProcessRef;
  events: BeaconEvent[];
  reported: boolean;
}

/** An event whose connection was seen open: its byte count grows while it lives, its close dates it. */
interface OpenConnection {
  event: BeaconEvent;
  series: Series;
  firstSeen: number;
  /** The tick before firstSeen: the connection started after it. */
  startedAfter: number;
  lastSeen: number;
  localPort: number;
  /** Its 5-tuple, the key in `open`. */
  key: string;
  /** Forgotten: no longer in `open`. */
  gone: boolean;
}

export interface SeriesLimits {
  maxEvents: number;
  maxSeries: number;
  maxSilenceMs: number;
}

/** Connections starting this close together count as one start (a pool opened at once). */
const MERGE_MS = 250;
/** How long an owner is remembered for an endpoint after a socket of it was last seen. */
const OWNER_MEMORY_MS = 10 * 60_000;
const MAX_OWNERS = 50_000;
const MAX_OPEN = 20_000;
const FULL_SWEEP_MIN_MS = 5_000;

export class BeaconMemory {
  /** `who|endpoint` → series, least recently started first (trimmed to maxSeries by sweep). */
  readonly series = new BoundedMap<string, Series>(Infinity);
  /** endpoint → last process seen holding a socket to it, to name sockets only seen in TIME_WAIT. */
  private readonly owners = new BoundedMap<string, { process: ProcessRef; time: number }>(MAX_OWNERS);
  /** 5-tuple → the event of a connection seen open (no inode once in TIME_WAIT, so by 5-tuple). */
  private readonly open = new Map<string, OpenConnection>();
  /** Inode of an open connection → the connection, to follow it cheaply while it lives. */
  private readonly openInodes = new Map<number, OpenConnection>();
  /** Local ports of the open connections: most TIME_WAIT sockets are ruled out without building their 5-tuple. */
  private readonly openLocalPorts = new Map<number, number>();
  private lastSweep = -Infinity;
  private lastOpenSweep = -Infinity;

  constructor(private readonly limits: SeriesLimits) {}

  /**
   * Follows the connections seen open: their bytes and owner while they live, their close time once
   * they show up in TIME_WAIT. Returns the series whose events changed.
   */
  follow(connections: readonly Connection[], now: number): Set<Series> {
    const changed = new Set<Series>();
    if (this.open.size === 0) return changed;
    for (const c of connections) {
      if (c.inode) {
        const open = this.openInodes.get(c.inode);
        if (!open || open.gone) continue;
        open.lastSeen = now;
        if (c.bytesSent !== undefined) open.event.bytes = Math.max(open.event.bytes ?? 0, c.bytesSent);
        if (c.process && !open.series.process) this.adopt(open.series, c.process, now);
      } else if (c.state === 'TIME_WAIT' && c.closedAt !== undefined && this.openLocalPorts.has(c.localPort)) {
        const key = connectionKey(c);
        const open = this.open.get(key);
        if (!open) continue;
        this.forget(open);
        // Closed between the last tick that saw it open and this one, give or take the timer's 10 ms.
        if (open.event.connections !== 1 || c.closedAt < open.lastSeen - 50 || c.closedAt > now + 50) continue;
        open.event.time = c.closedAt;
        open.event.precise = true;
        open.event.lifetime = { min: Math.max(0, c.closedAt - open.firstSeen), max: c.closedAt - open.startedAfter };
        open.series.events.sort((a, b) => a.time - b.time);
        changed.add(open.series);
      }
    }
    return changed;
  }

  /** Records one new outbound connection; returns its series. */
  record(c: Connection, now: number, tickMs: number, previousTick: number): Series {
    const endpoint = formatEndpoint(c.remoteAddress, c.remotePort);
    if (c.process) this.setOwner(endpoint, c.process, now);
    const known = c.process ? undefined : this.owners.get(endpoint);
    if (known) known.time = now;
    const owner = c.process ?? known?.process;
    const series = this.seriesFor(owner, c, endpoint);
    if (owner) series.process = owner;
    // A connection first seen in TIME_WAIT lived between ticks; the kernel dates its close to 10 ms.
    const closedAt = c.state === 'TIME_WAIT' ? c.closedAt : undefined;
    const precise = closedAt !== undefined && closedAt > now - 2 * tickMs && closedAt < now + tickMs;
    const at = precise ? closedAt : now;
    const event = this.eventAt(series, at, precise, tickMs);
    event.connections++;
    if (precise && event.connections === 1) event.lifetime = { min: 0, max: Math.max(0, at - previousTick) };
    if (c.bytesSent !== undefined) event.bytes = Math.max(event.bytes ?? 0, c.bytesSent);
    if (c.state !== 'TIME_WAIT' && this.open.size < MAX_OPEN) {
      const key = connectionKey(c);
      const replaced = this.open.get(key);
      if (replaced) this.forget(replaced);
      const open: OpenConnection = { event, series, firstSeen: now, startedAfter: previousTick, lastSeen: now, localPort: c.localPort, key, gone: false };
      this.open.set(key, open);
      this.openLocalPorts.set(c.localPort, (this.openLocalPorts.get(c.localPort) ?? 0) + 1);
      if (c.inode) this.openInodes.set(c.inode, open);
    }
    return series;
  }

  /** The series of this owner and endpoint, taking over the starts seen before the owner was known. */
  private seriesFor(owner: ProcessRef | undefined, c: Connection, endpoint: string): Series {
    const who = owner?.name ?? '?';
    const key = `${who}|${endpoint}`;
    let series = this.series.get(key);
    if (series) this.series.bump(key);
    else {
      series = { key, who, address: c.remoteAddress, port: c.remotePort, events: [], reported: false };
      const unowned = who === '?' ? undefined : this.series.get(`?|${endpoint}`);
      if (unowned) {
        series.events = unowned.events;
        series.reported = unowned.reported;
        this.series.delete(`?|${endpoint}`);
      }
      this.series.set(key, series);
    }
    return series;
  }

  /** Names an unowned series once a later tick shows the owner of one of its open connections. */
  private adopt(series: Series, process: ProcessRef, now: number): void {
    const endpoint = formatEndpoint(series.address, series.port);
    this.setOwner(endpoint, process, now);
    if (series.who !== '?') {
      series.process = process;
      return;
    }
    this.series.delete(`?|${endpoint}`);
    const named = this.series.get(`${process.name}|${endpoint}`);
    if (named) {
      named.events = [...named.events, ...series.events].sort((a, b) => a.time - b.time).slice(-this.limits.maxEvents);
      named.process = process;
      for (const open of this.open.values()) if (open.series === series) open.series = named;
      return;
    }
    series.who = process.name;
    series.key = `${process.name}|${endpoint}`;
    series.process = process;
    this.series.set(series.key, series);
  }

  private eventAt(series: Series, at: number, precise: boolean, tickMs: number): BeaconEvent {
    const events = series.events;
    const merge = Math.min(MERGE_MS, tickMs / 4);
    const near = events.find((e) => e.precise === precise && Math.abs(e.time - at) <= merge && events.length - events.indexOf(e) <= 3);
    if (near) return near;
    const event: BeaconEvent = { time: at, precise, connections: 0 };
    let i = events.length;
    while (i > 0 && (events[i - 1] as BeaconEvent).time > at) i--;
    events.splice(i, 0, event);
    if (events.length > this.limits.maxEvents) events.shift();
    return event;
  }

  /** Forgets open connections gone without a TIME_WAIT, old owners and silent series. */
  sweep(now: number): void {
    // At the cap a sweep frees room, but at most every few seconds: each one walks every open connection.
    if (now - this.lastOpenSweep >= 30_000 || (this.open.size >= MAX_OPEN && now - this.lastOpenSweep >= FULL_SWEEP_MIN_MS)) {
      this.lastOpenSweep = now;
      // A connection that vanished without a TIME_WAIT (the peer closed first) keeps its tick date.
      for (const open of this.open.values()) if (now - open.lastSeen > 60_000 || this.open.size >= MAX_OPEN) this.forget(open);
      for (const [inode, open] of this.openInodes) if (open.gone) this.openInodes.delete(inode);
    }
    // The owners' cap is kept as they are added (the oldest goes first).
    if (now - this.lastSweep >= 30_000) {
      this.lastSweep = now;
      const ownerCutoff = now - OWNER_MEMORY_MS;
      for (const [key, owner] of this.owners) if (owner.time < ownerCutoff) this.owners.delete(key);
    }
    const silenceCutoff = now - this.limits.maxSilenceMs;
    for (const [key, series] of this.series) {
      const last = series.events[series.events.length - 1];
      if (!last || last.time < silenceCutoff || this.series.size > this.limits.maxSeries) this.series.delete(key);
      else break; // LRU order: the rest are more recent
    }
  }

  private setOwner(endpoint: string, process: ProcessRef, now: number): void {
    const known = this.owners.get(endpoint);
    if (!known) this.owners.set(endpoint, { process, time: now });
    else {
      known.process = process;
      known.time = now;
    }
  }

  private forget(open: OpenConnection): void {
    open.gone = true;
    this.open.delete(open.key);
    const left = (this.openLocalPorts.get(open.localPort) ?? 1) - 1;
    if (left > 0) this.openLocalPorts.set(open.localPort, left);
    else this.openLocalPorts.delete(open.localPort);
  }

  get openCount(): number {
    return this.open.size;
  }
}
