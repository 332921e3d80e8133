// MAC addresses as neighbour tables spell them, in one spelling.

/**
 * Any MAC spelling (`0:1a:2:…` from macOS, `00-1A-02-…` from Windows, surrounding blanks) →
 * lower case, two hex digits per octet, colons; undefined when the text is not a MAC.
 */
export function normalizeMac(mac: string): string | undefined {
  const parts = mac.trim().split(/[:-]/);
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) return undefined;
  return parts.map((p) => p.padStart(2, '0').toLowerCase()).join(':');
}
