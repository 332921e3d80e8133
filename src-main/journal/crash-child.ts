// Test support (journal-crash.test.ts): a process that appends large records with the real
// JournalWriter as fast as it can and prints how many were handed to the kernel, until killed.
import { JournalWriter } from './writer';
import { JOURNAL_VERSION } from './records';

const [dir, fileName, padBytes] = process.argv.slice(2);
const pad = 'x'.repeat(Number(padBytes));

async function main(): Promise<void> {
  const writer = await JournalWriter.open(dir as string, fileName as string, 50);
  await writer.append({
    t: 'start',
    v: JOURNAL_VERSION,
    startedAt: Date.now(),
    hostname: 'crash-child',
    os: 'linux',
    intervalSec: 1,
    tool: { name: 'NetSentinel', version: 'test' },
    pid: process.pid,
    settingsDigest: 'sha256:0',
  });
  for (let n = 1; ; n++) {
    await writer.append({
      t: 'alert',
      time: Date.now(),
      alert: {
        id: `crash:${n}`,
        ruleId: 'crash',
        techniqueId: 'T1571',
        severity: 'HIGH',
        title: `record ${n}`,
        description: pad,
        firstSeen: n,
        lastSeen: n,
        count: n,
        evidence: {},
      },
    });
    process.stdout.write(`${n}\n`);
  }
}

void main();
