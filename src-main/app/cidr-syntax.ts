// Syntax check for CIDR strings typed by the user (HOME_NET). Only the shape: no address classes.

const IPV4_OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6_GROUP = /^[0-9a-f]{1,4}$/i;

export function isIpv4Address(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((part) => IPV4_OCTET.test(part));
}

export function isIpv6Address(text: string): boolean {
  if (text.length === 0 || text.length > 45) return false;
  let groupsText = text;
  let embeddedIpv4Groups = 0;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    // An IPv4 tail (e.g. ::ffff:10.0.0.1) stands for two groups.
    if (!isIpv4Address(text.slice(lastColon + 1))) return false;
    groupsText = text.slice(0, lastColon + 1) + '0';
    embeddedIpv4Groups = 1;
  }
  const halves = groupsText.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (half: string): string[] | undefined => {
    if (half === '') return [];
    const groups = half.split(':');
    return groups.every((group) => IPV6_GROUP.test(group)) ? groups : undefined;
  };
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (!head || !tail) return false;
  const count = head.length + tail.length + embeddedIpv4Groups;
  return halves.length === 2 ? count <= 7 : count === 8;
}

function isPrefix(text: string, max: number): boolean {
  if (!/^(0|[1-9]\d{0,2})$/.test(text)) return false;
  return Number(text) <= max;
}

/** `a.b.c.d/n` (n ≤ 32) or `ipv6/n` (n ≤ 128). A bare address is not a CIDR. */
export function isCidr(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0 || slash !== text.lastIndexOf('/')) return false;
  const address = text.slice(0, slash);
  const prefix = text.slice(slash + 1);
  if (isIpv4Address(address)) return isPrefix(prefix, 32);
  if (isIpv6Address(address)) return isPrefix(prefix, 128);
  return false;
}
