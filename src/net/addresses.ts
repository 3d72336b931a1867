import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
export function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().split('%')[0]!;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((h) => Number.parseInt(h, 16)));
  const start = parse(head);
  const end = tail === undefined ? [] : parse(tail);
  return [...start, ...Array<number>(8 - start.length - end.length).fill(0), ...end];
}

/** An address as one spelling: an IPv4-mapped IPv6 address (`::ffff:127.0.0.2`) becomes its IPv4 address. */
export function canonicalAddress(address: string): string {
  if (!isIPv6(address)) return address;
  const groups = ipv6Groups(address);
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (!mapped) return groups.map((g) => g.toString(16)).join(':');
  return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
}

/** Ranges that are not the public internet: loopback, private, link-local, shared, documentation, multicast... */
const SPECIAL = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  SPECIAL.addSubnet(net, prefix, 'ipv4');
// IPv6 forms that embed an IPv4 address (NAT64, 6to4, Teredo) are refused with the rest; IPv4-mapped
// addresses are checked as IPv4 (see canonicalAddress), since BlockList matches IPv4 against ::ffff:0:0/96.
for (const [net, prefix] of [
  // IPv4-compatible (deprecated, ::/96, with :: and ::1) and IPv4-translated (RFC 2765) forms.
  ['::', 96],
  ['::ffff:0:0:0', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32],
  // ORCHID and ORCHIDv2: identifiers, not routable addresses.
  ['2001:10::', 28],
  ['2001:20::', 28],
  ['2001:db8::', 32],
  ['2002::', 16],
  // Documentation (RFC 9637) and segment-routing identifiers (RFC 9602).
  ['3fff::', 20],
  ['5f00::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  SPECIAL.addSubnet(net, prefix, 'ipv6');

/** True for an address that is not a public internet address (loopback, private, link-local...). */
export function isSpecialAddress(address: string): boolean {
  const canonical = canonicalAddress(address);
  if (isIPv4(canonical)) return SPECIAL.check(canonical, 'ipv4');
  return isIPv6(canonical) ? SPECIAL.check(canonical, 'ipv6') : true;
}

/**
 * Who a connection counts as, for per-client caps: every loopback address is one client (127/8 and
 * ::1 are the same machine), an IPv4 address is one client, and an IPv6 /64 is one client, since
 * a single host is routinely given a whole /64 to pick addresses from.
 */
export function clientOf(address: string | undefined): string {
  if (!address) return 'unknown';
  const canonical = canonicalAddress(address);
  if (isIPv4(canonical)) return canonical.startsWith('127.') ? 'loopback' : canonical;
  if (!isIPv6(canonical)) return canonical;
  const groups = ipv6Groups(canonical);
  if (groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1) return 'loopback';
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}
