// The TCP and UDP socket tables of one tick: /proc/net/{tcp,tcp6} only when the kernel's TCP
// counters say they may have changed (tcp-activity.ts), else the last read reused; UDP every tick.
import { performance } from 'node:perf_hooks';
import type { CoverageWarning } from '../../../src-shared/model';
import { describeFailure, errorCode, warning } from '../source';
import type { FileReader } from '../types';
import { copySocket, parseProcNet, type ProcNetSocket } from './proc-net';
import { awaitsAccept, tcpActivityKey } from './tcp-activity';

/** Why the TCP tables were (or were not) read on a tick. */
export type TcpTableDecision =
  | 'first-read' // nothing cached (first tick, or the last read was incomplete)
  | 'counters-unreadable'
  | 'counters-changed'
  | 'awaiting-accept' // a connection in a listener's queue gets its inode from accept(), which moves no counter
  | 'max-age'
  | 'unchanged' // not read: the previous tick's TCP sockets were reused
  | 'quiet'; // nothing moved since the last full collection: its whole snapshot was reused (quiet-ticks.ts)

export interface TableTick {
  tablesRead: boolean;
  decision: TcpTableDecision;
}

interface TcpTables {
  key: string;
  readAt: number;
  sockets: ProcNetSocket[];
  /** Malformed-line warnings of that read, repeated while it is reused. */
  warnings: CoverageWarning[];
  awaitingAccept: boolean;
}

interface TableRead {
  protocol: 'tcp' | 'udp';
  sockets: ProcNetSocket[];
  /** Read (or absent for lack of IPv6); false when the read failed. */
  complete: boolean;
  warnings: CoverageWarning[];
}

const PROC_NET_FILES: ReadonlyArray<[string, 'tcp' | 'udp']> = [
  ['/proc/net/tcp', 'tcp'],
  ['/proc/net/tcp6', 'tcp'],
  ['/proc/net/udp', 'udp'],
  ['/proc/net/udp6', 'udp'],
];

/** Fewest inodes missing from the tables that make a second TCP table read worth it (see lateSockets). */
export const LATE_SOCKETS_MIN = 4;

/** The counter files the TCP-table decision reads; the sockstat texts the tick already read are handed down (else read here). */
export interface TcpCounterTexts {
  snmp: Promise<string>;
  sockstat?: string | undefined;
  sockstat6?: string | undefined;
}

export class SocketTables {
  private tcpTables: TcpTables | undefined;

  constructor(
    private readonly read: FileReader,
    /** The TCP tables are re-read at least this often (ms); 0 reads them every tick. */
    private readonly maxAgeMs: number,
  ) {}

  /**
   * The TCP tables when the kernel's counters say they may have changed (else the last ones,
   * copied), the UDP tables always. Each table is parsed as soon as it arrives.
   */
  async sockets(coverage: CoverageWarning[], counters: TcpCounterTexts, tick: TableTick): Promise<ProcNetSocket[]> {
    const now = performance.now();
    const key = await this.tcpActivity(counters);
    const cached = this.tcpTables;
    tick.decision =
      key === undefined
        ? 'counters-unreadable'
        : !cached
          ? 'first-read'
          : cached.awaitingAccept
            ? 'awaiting-accept'
            : now - cached.readAt >= this.maxAgeMs
              ? 'max-age'
              : key !== cached.key
                ? 'counters-changed'
                : 'unchanged';
    tick.tablesRead = tick.decision !== 'unchanged';
    const files = tick.tablesRead ? PROC_NET_FILES : PROC_NET_FILES.filter(([, protocol]) => protocol === 'udp');
    const tables = await Promise.all(files.map(([path, protocol]) => this.readTable(path, protocol)));
    const sockets: ProcNetSocket[] = [];
    if (tick.tablesRead) {
      const tcp = tables.filter((t) => t.protocol === 'tcp');
      const tcpSockets = tcp.flatMap((t) => t.sockets);
      this.tcpTables =
        key !== undefined && tcp.every((t) => t.complete)
          ? { key, readAt: now, sockets: tcpSockets, warnings: tcp.flatMap((t) => t.warnings), awaitingAccept: tcpSockets.some(awaitsAccept) }
          : undefined;
    } else if (cached) {
      for (const s of cached.sockets) sockets.push(copySocket(s));
      coverage.push(...cached.warnings);
    }
    for (const table of tables) {
      for (const s of table.sockets) sockets.push(s);
      coverage.push(...table.warnings);
    }
    return sockets;
  }

  /**
   * TCP sockets a churning process opened after this tick's table read (the fd walk saw their
   * inodes, the tables did not): a connect scan's sockets live for milliseconds, so a second look
   * finds some of them still in SYN_SENT. Read only when the walk found several such inodes.
   */
  async lateSockets(inodes: ReadonlySet<number>): Promise<ProcNetSocket[]> {
    if (inodes.size < LATE_SOCKETS_MIN) return [];
    const tables = await Promise.all(PROC_NET_FILES.filter(([, protocol]) => protocol === 'tcp').map(([path]) => this.readTable(path, 'tcp')));
    return tables.flatMap((table) => table.sockets.filter((socket) => inodes.has(socket.inode)));
  }

  private async readTable(path: string, protocol: 'tcp' | 'udp'): Promise<TableRead> {
    let text: string;
    const readAt = Date.now();
    try {
      text = await this.read(path);
    } catch (err) {
      // No tcp6/udp6 when IPv6 is disabled: nothing is missing then.
      const absent = errorCode(err) === 'ENOENT' && path.endsWith('6');
      return { protocol, sockets: [], complete: absent, warnings: absent ? [] : [warning('sockets', `cannot read ${path}: ${describeFailure(err)}`)] };
    }
    const { sockets, badLines } = parseProcNet(text, protocol, [], readAt);
    const warnings = badLines > 0 ? [warning('sockets', `${badLines} malformed lines in ${path} skipped`)] : [];
    return { protocol, sockets, complete: true, warnings };
  }

  /** The TCP counters' fingerprint, or undefined when one of their files cannot be read. */
  private async tcpActivity({ snmp, sockstat, sockstat6 }: TcpCounterTexts): Promise<string | undefined> {
    try {
      const [snmpText, sockstatText, sockstat6Text] = await Promise.all([
        snmp,
        sockstat ?? this.read('/proc/net/sockstat'),
        sockstat6 ??
          this.read('/proc/net/sockstat6').catch((err: unknown) => {
            if (errorCode(err) === 'ENOENT') return ''; // no IPv6
            throw err;
          }),
      ]);
      return tcpActivityKey(snmpText, sockstatText, sockstat6Text);
    } catch {
      return undefined;
    }
  }
}
