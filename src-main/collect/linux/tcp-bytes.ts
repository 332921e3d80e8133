// Per-connection byte counters for the connections that can leave the host, through one `ss` run
// (tcp-info.ts), reused while the TCP tables are.
import type { CoverageWarning } from '../../../src-shared/model';
import { isLoopback } from '../../../src-shared/net';
import { describeFailure, warning } from '../source';
import type { ToolRunner } from '../tool-runner';
import type { ProcNetSocket } from './proc-net';
import { parseSsTcpInfo, SS_TCP_INFO_ARGS, type TcpBytes } from './tcp-info';

export class TcpBytesReader {
  /** The last clean `ss` result, reused while the TCP tables are (byte counts move only with segments). */
  private last: Map<string, TcpBytes> | undefined;

  constructor(private readonly tools: ToolRunner) {}

  async read(sockets: readonly ProcNetSocket[], coverage: CoverageWarning[], tablesRead: boolean): Promise<Map<string, TcpBytes> | undefined> {
    // `ss` costs a process and a kernel walk over every socket: skip it when nothing could use it.
    if (!sockets.some(leavesHost)) return new Map();
    if (!tablesRead && this.last) return this.last;
    this.last = undefined;
    const output = await this.tools.run('ss', SS_TCP_INFO_ARGS);
    if (typeof output !== 'string') {
      coverage.push(warning('tcp-info', `per-connection byte counts unavailable: \`ss\` ${describeFailure(output.error)}`, 'install iproute2'));
      return undefined;
    }
    const { bytes, badLines } = parseSsTcpInfo(output);
    if (badLines > 0) coverage.push(warning('tcp-info', `${badLines} malformed lines in \`ss\` output skipped`));
    else this.last = bytes;
    return bytes;
  }
}

function leavesHost(s: ProcNetSocket): boolean {
  return s.protocol === 'tcp' && s.state === 'ESTABLISHED' && !isLoopback(s.remoteAddress);
}
