// Caps for the strings a watched host hands us. A process chooses its own name and command line
// (up to the kernel's argument limit, megabytes), so every such string is cut at collection, with a
// visible mark saying how much was cut: a shortened value must never pass for the whole one.

/** Most UTF-8 bytes kept per host string, by kind (the documented caps; README "Limits"). */
export const HOST_TEXT_LIMITS = {
  /** Process name (comm, or argv[0]'s base name). */
  name: 256,
  /** Executable path (Linux PATH_MAX). */
  exe: 4096,
  /** Command line (argv joined by spaces). */
  cmdline: 16_384,
} as const;

export type HostTextKind = keyof typeof HOST_TEXT_LIMITS;

/** UTF-8 bytes and UTF-16 units of the character at `i` (a lone surrogate encodes as U+FFFD: 3 bytes). */
function charAt(text: string, i: number): { bytes: number; units: number } {
  const code = text.charCodeAt(i);
  if (code < 0x80) return { bytes: 1, units: 1 };
  if (code < 0x800) return { bytes: 2, units: 1 };
  const next = text.charCodeAt(i + 1);
  if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) return { bytes: 4, units: 2 };
  return { bytes: 3, units: 1 };
}

/** Node's native counter where there is one (a 4 MB report: ~1 ms against ~15 ms for the loop below); absent in the renderer. */
const nodeBuffer = (globalThis as { Buffer?: { byteLength(text: string, encoding: 'utf8'): number } }).Buffer;
const nativeByteLength = nodeBuffer ? (text: string): number => nodeBuffer.byteLength(text, 'utf8') : undefined;

/** UTF-8 byte length of `text` (a lone surrogate counts 3 bytes, as its replacement character encodes). */
export function utf8Length(text: string): number {
  return nativeByteLength ? nativeByteLength(text) : utf8LengthLoop(text);
}

/** The same count in plain JavaScript (a tight loop: reports of tens of megabytes are measured with it). */
export function utf8LengthLoop(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 2; // the pair's two units encode to 4 bytes
      i++;
    } else bytes += 2;
  }
  return bytes;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The mark appended to a cut string; `cutBytes` is how many UTF-8 bytes were left out. */
export function cutMark(cutBytes: number): string {
  return `…[cut ${cutBytes} bytes]`;
}

/**
 * `text` when it fits in `maxBytes` UTF-8 bytes, else its longest prefix that fits (never splitting
 * a character) followed by `…[cut N bytes]`. Linear in the length of `text`.
 */
export function capText(text: string, maxBytes: number): string {
  // Fast path: no UTF-16 unit takes more than 3 UTF-8 bytes.
  if (text.length * 3 <= maxBytes) return text;
  let kept = 0;
  let end = 0;
  while (end < text.length) {
    const char = charAt(text, end);
    if (kept + char.bytes > maxBytes) break;
    kept += char.bytes;
    end += char.units;
  }
  if (end >= text.length) return text;
  return `${text.slice(0, end)}${cutMark(utf8Length(text) - kept)}`;
}

/** capText with the documented cap for this kind of host string. */
export function capHostText(kind: HostTextKind, text: string): string {
  return capText(text, HOST_TEXT_LIMITS[kind]);
}
