// Appends records to one journal file, each as one line, in call order. fsyncs on a timer (and at
// close), so a power loss loses at most JOURNAL_FSYNC_MS of records; a killed process loses only
// what it had not handed to the kernel yet.
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { JOURNAL_SUFFIX, type JournalRecord } from './records';

export const JOURNAL_FSYNC_MS = 2000;

/** `2026-11-29T20-01-02-123Z_host_1234.ndjson`: sorts by start time, unique per process, safe as a file name. */
export function journalFileName(startedAt: number, hostname: string, pid = process.pid): string {
  const host = hostname.replace(/[^A-Za-z0-9.-]/g, '_').slice(0, 64) || 'host';
  return `${new Date(startedAt).toISOString().replace(/[:.]/g, '-')}_${host}_${pid}${JOURNAL_SUFFIX}`;
}

async function writeFully(file: FileHandle, data: Buffer): Promise<void> {
  for (let offset = 0; offset < data.length;) {
    const { bytesWritten } = await file.write(data, offset, data.length - offset);
    offset += bytesWritten;
  }
}

export class JournalWriter {
  private queue: Promise<void> = Promise.resolve();
  private dirty = false;
  private readonly timer: NodeJS.Timeout;
  private closed = false;
  /** The first write error; later appends are dropped rather than failing the session. */
  error: Error | undefined;

  private constructor(
    readonly path: string,
    private readonly file: FileHandle,
    public size: number,
    fsyncMs: number,
  ) {
    this.timer = setInterval(() => void this.sync(), fsyncMs);
    this.timer.unref();
  }

  /**
   * Opens `dir/fileName` for appending (creating both). When the file exists and its last line is
   * torn (the writer before was killed mid-line), a newline ends it so the next record starts clean.
   */
  static async open(dir: string, fileName: string, fsyncMs = JOURNAL_FSYNC_MS): Promise<JournalWriter> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, fileName);
    const file = await open(path, 'a+', 0o600);
    try {
      const { size } = await file.stat();
      const writer = new JournalWriter(path, file, size, fsyncMs);
      if (size > 0 && !(await endsWithNewline(file, size))) await writer.appendLine('\n');
      return writer;
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /** Queues one record as one line. */
  append(record: JournalRecord): Promise<void> {
    return this.appendLine(`${JSON.stringify(record)}\n`);
  }

  private appendLine(line: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    const data = Buffer.from(line, 'utf8');
    this.queue = this.queue.then(async () => {
      if (this.error) return;
      try {
        await writeFully(this.file, data);
        this.size += data.length;
        this.dirty = true;
      } catch (error) {
        this.error = error as Error;
      }
    });
    return this.queue;
  }

  /** Waits for the queued records and makes them durable. */
  sync(): Promise<void> {
    this.queue = this.queue.then(async () => {
      if (!this.dirty || this.error) return;
      this.dirty = false;
      try {
        await this.file.sync();
      } catch (error) {
        this.error = error as Error;
      }
    });
    return this.queue;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    await this.sync();
    this.closed = true;
    await this.file.close();
  }
}

async function endsWithNewline(file: FileHandle, size: number): Promise<boolean> {
  const last = Buffer.alloc(1);
  await file.read(last, 0, 1, size - 1);
  return last[0] === 0x0a;
}
