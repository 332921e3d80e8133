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
  private readonly vendors = new Map<string, string>();

  /** `registry` is oui-data's index.json: { "001A2B": "Vendor\naddress…", … }. */
  constructor(registry: Record<string, string>) {
    for (const [prefix, entry] of Object.entries(registry)) this.vendors.set(prefix.toLowerCase(), entry.split('\n')[0]?.trim() ?? '');
  }

  get size(): number {
    return this.vendors.size;
  }

  lookup(mac: string): MacVendor {
    const hex = octets(mac);
    if (!hex) return { locallyAdministered: false };
    const locallyAdministered = isLocallyAdministered(hex);
    const vendor = locallyAdministered ? undefined : this.vendors.get(hex.slice(0, 6));
    return vendor ? { vendor, locallyAdministered } : { locallyAdministered };
  }
}
