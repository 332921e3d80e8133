// Bytes of a log (a file read piece by piece, or a child's stdout) → whole lines, bounded: a line
// longer than the limit is dropped whole, so the rest of it can never pass for a line of its own
// (a peer chooses part of what login lines say).
import { StringDecoder } from 'node:string_decoder';

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  /** Inside a line that is being dropped (too long, or cut by a skip) until its newline. */
  private discarding = false;

  constructor(private readonly maxLineChars: number) {}

  /** The lines this chunk completes (without their newline). */
  push(chunk: Buffer): string[] {
    const lines = (this.partial + this.decoder.write(chunk)).split('\n');
    let last = lines.pop() ?? '';
    if (this.discarding) {
      if (lines.length > 0) {
        lines.shift();
        this.discarding = false;
      } else last = '';
    }
    if (last.length > this.maxLineChars) {
      last = '';
      this.discarding = true;
    }
    this.partial = last;
    return lines.filter((line) => line.length <= this.maxLineChars);
  }

  /** Bytes were skipped: what comes next starts in the middle of a line. */
  cut(): void {
    this.partial = '';
    this.discarding = true;
  }
}
