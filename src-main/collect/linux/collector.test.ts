import { describe, expect, it } from 'vitest';
import { ownerCoverage, relatedOwners } from './collector';
import type { ProcNetSocket } from './proc-net';

describe('ownerCoverage', () => {
  it('tells an unprivileged user that other users’ sockets need elevation', () => {
    const unowned = new Map([[11, 0], [12, 0], [13, 1000]]);
    const warnings = ownerCoverage(unowned, 3, 1000);
    expect(warnings[0]?.message).toBe('owner unknown for 2 sockets of other users; run elevated for full attribution');
    expect(warnings[1]?.message).toBe('owner unknown for 1 socket; 3 processes do not allow reading their descriptors');
  });

  it('as root, blames protected processes or the race, and says nothing when all are owned', () => {
    expect(ownerCoverage(new Map([[16, 0]]), 1, 0).map((w) => w.message)).toEqual([
      'owner unknown for 1 socket; 1 process does not allow reading their descriptors',
    ]);
    expect(ownerCoverage(new Map([[16, 0]]), 0, 0)[0]?.message).toBe('owner unknown for 1 socket (closed or handed over during the tick)');
    expect(ownerCoverage(new Map(), 5, 1000)).toEqual([]);
  });
});

describe('relatedOwners', () => {
  const socket = (inode: number, localPort: number, remotePort: number, state: ProcNetSocket['state'] = 'ESTABLISHED', remoteAddress = '127.0.0.1'): ProcNetSocket => ({
    protocol: 'tcp', family: 4, state, localAddress: '127.0.0.1', localPort, remoteAddress, remotePort, inode, uid: 0, direction: 'unknown',
  });

  it('names the listener’s owner, the owner of connections to the same server, and the peer’s owner', () => {
    const sockets = [
      socket(1, 8080, 0, 'LISTEN'), // process 10 listens on 8080
      socket(2, 8080, 50001), // accepted by 10, ownerless (fd number reused)
      socket(3, 50002, 443, 'ESTABLISHED', '203.0.113.5'), // process 20: a pooled client connection
      socket(4, 50003, 443, 'ESTABLISHED', '203.0.113.5'), // ownerless sibling of 3
      socket(5, 50004, 7000), // process 40: client of a local server on 7000
      socket(6, 7000, 50004), // its peer, ownerless
      socket(7, 9999, 50001), // process 30: unrelated, shares only an ephemeral port number
    ];
    const owners = new Map([[1, 10], [3, 20], [5, 40], [7, 30]]);
    expect(relatedOwners(sockets, new Map([[2, 0], [4, 0], [6, 0]]), owners).sort()).toEqual([10, 20, 40]);
    expect(relatedOwners(sockets, new Map(), owners)).toEqual([]);
  });
});
