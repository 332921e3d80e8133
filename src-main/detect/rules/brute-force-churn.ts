// Login daemons that end sessions faster than a tick can see them. hydra against OpenSSH (4
// tasks, 6 passwords per connection) has each connection accepted, refused and closed within a
// few hundred milliseconds: at 1-s ticks the socket table shows about one in ten, and the server
// side keeps no TIME_WAIT. The daemon still tells: it reaps one child per connection, and each
// reaped child moves its cminflt (`ProcessInfo.childFaults`). A login daemon that ended sessions at
// many ticks of the window, while one peer (and no other) was seen making short connections to it,
// is being guessed at by that peer.
import type { HostSnapshot, ProcessInfo } from '../../../src-shared/model';
import { ChildReaping } from '../child-reaping';

/** Ticks of the window at which the daemon reaped a child… */
export const CHURN_MIN_TICKS = 6;
/** …and short connections from the one peer seen on its port. */
export const CHURN_MIN_SEEN = 2;

interface DaemonTrack {
  pid: number;
  /** Tick times at which it reaped a child, oldest first. */
  ended: number[];
}

export class DaemonChurn {
  private readonly byPort = new Map<number, DaemonTrack>();
  private readonly reaping = new ChildReaping();

  /** Notes, per TCP port a login daemon listens on (port → its pid), whether the daemon reaped a child since the last tick. */
  observe(snapshot: HostSnapshot, daemonPorts: ReadonlyMap<number, number>, now: number, windowMs: number): void {
    const pids = new Set(daemonPorts.values());
    const daemons = new Map<number, ProcessInfo>();
    for (const p of snapshot.processes) if (pids.has(p.pid)) daemons.set(p.pid, p);
    for (const port of this.byPort.keys()) if (!daemonPorts.has(port)) this.byPort.delete(port);
    const reaped = new Map([...daemons.values()].map((p) => [p.pid, this.reaping.reaped(p)]));
    this.reaping.endTick();
    for (const [port, pid] of daemonPorts) {
      if (!daemons.has(pid)) continue;
      const track = this.byPort.get(port);
      const moved = reaped.get(pid);
      if (!track || track.pid !== pid || moved === undefined) {
        this.byPort.set(port, { pid, ended: [] });
        continue;
      }
      if (moved) track.ended.push(now);
      while ((track.ended[0] ?? now) < now - windowMs) track.ended.shift();
    }
  }

  /** Ticks within the window at which the daemon on this port ended a session. */
  endedTicks(port: number): number {
    return this.byPort.get(port)?.ended.length ?? 0;
  }

  /** Ports whose daemon ended sessions at CHURN_MIN_TICKS or more ticks of the window. */
  churningPorts(): number[] {
    return [...this.byPort].filter(([, track]) => track.ended.length >= CHURN_MIN_TICKS).map(([port]) => port);
  }
}
