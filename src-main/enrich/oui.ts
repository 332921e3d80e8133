// MAC vendor from the IEEE OUI registry (oui-data, BSD-2-Clause), and whether a MAC is locally
// administered (randomised by the OS, or set by hand: no vendor can be trusted).

export interface MacVendor {
  /** First line of the IEEE registration, e.g. "Raspberry Pi Trading Ltd". */
  vendor?: string;
  /** The U/L bit is set: a random or hand-set address. */
  locallyAdministered: boolean;
}

function octets(mac: string): string | undefined {
  const hex = mac.toLowerCase().replace(/[^0-9a-f]/g, '');
  return hex.length === 12 ? hex : undefined;
}

export function isLocallyAdministered(mac: string): boolean {
  const hex = octets(mac);
  return hex !== undefined && (parseInt(hex.slice(0, 2), 16) & 0x02) !== 0;
}

export class OuiDb {
  /** `registry` is oui-data's index.json: { "001A2B": "Vendor\naddress…", … } (upper-case keys). */
  constructor(private readonly registry: Readonly<Record<string, string>>) {}

  get size(): number {
    return Object.keys(this.registry).length;
  }

  lookup(mac: string): MacVendor {
    const hex = octets(mac);
    if (!hex) return { locallyAdministered: false };
    const locallyAdministered = isLocallyAdministered(hex);
    // Only the looked-up entry is cut to its first line: splitting all ~50,000 at load took ~1 CPU-s.
    const prefix = hex.slice(0, 6).toUpperCase();
    const entry = locallyAdministered || !Object.hasOwn(this.registry, prefix) ? undefined : this.registry[prefix];
    const vendor = entry?.split('\n')[0]?.trim();
    return vendor ? { vendor, locallyAdministered } : { locallyAdministered };
  }
}
