// Login daemons that end sessions faster than a tick can see them. hydra against OpenSSH (4
// tasks, 6 passwords per connection) has each connection accepted, refused and closed within a
// few hundred milliseconds: at 1-s ticks the socket table shows about one in ten, and the server
// side keeps no TIME_WAIT. The daemon still tells: it reaps one child per connection, and each
// reaped child moves its cminflt (`ProcessInfo.childFaults`). A login daemon that ended sessions at
// many ticks of the window, while one peer (and no other) was seen making short connections to it,
// is being guessed at by that peer.
import type { HostSnapshot } from '../../../src-shared/model';
import { baseName } from '../process-names';

/** Ticks of the window at which the daemon reaped a child… */
export const CHURN_MIN_TICKS = 6;
/** …and short connections from the one peer seen on its port. */
export const CHURN_MIN_SEEN = 2;
const MAX_DAEMON_PORTS = 64;

interface DaemonTrack {
  pid: number;
  startTime?: number;
  faults: number;
  /** Tick times at which its count moved, oldest first. */
  ended: number[];
}

export class DaemonChurn {
  private readonly byPort = new Map<number, DaemonTrack>();

  /** Notes, per TCP port a login daemon listens on, whether the daemon reaped a child since the last tick. */
  observe(snapshot: HostSnapshot, daemons: ReadonlySet<string>, now: number, windowMs: number): void {
    const ports = new Map<number, number>();
    for (const l of snapshot.listening) {
      if (l.protocol !== 'tcp' || !l.process || !daemons.has(baseName(l.process.name))) continue;
      if (ports.size < MAX_DAEMON_PORTS) ports.set(l.port, l.process.pid);
    }
    const pids = new Set(ports.values());
    const faults = new Map<number, { faults: number; startTime?: number }>();
    for (const p of snapshot.processes) if (pids.has(p.pid)) faults.set(p.pid, { faults: p.childFaults ?? 0, startTime: p.startTime });
    for (const port of this.byPort.keys()) if (!ports.has(port)) this.byPort.delete(port);
    for (const [port, pid] of ports) {
      const seen = faults.get(pid);
      if (!seen) continue;
      const track = this.byPort.get(port);
      if (!track || track.pid !== pid || track.startTime !== seen.startTime) {
        this.byPort.set(port, { pid, startTime: seen.startTime, faults: seen.faults, ended: [] });
        continue;
      }
      if (seen.faults > track.faults) track.ended.push(now);
      track.faults = seen.faults;
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
