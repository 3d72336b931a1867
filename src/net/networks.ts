import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { canonicalAddress } from './addresses.js';

/** An operator-listed address range, optionally for one port only. */
export interface Network {
  text: string;
  list: BlockList;
  port?: number;
}

const ENTRY = /^(?<address>\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])(?:\/(?<prefix>\d{1,3}))?(?::(?<port>\d{1,5}))?$/i;

/** Parses `10.0.0.0/8`, `127.0.0.1:8080`, `[::1]`, `[fd00::]/8:9000`; undefined when it is none of these. */
export function parseNetwork(entry: string): Network | undefined {
  const match = ENTRY.exec(entry.trim());
  if (!match?.groups) return undefined;
  const address = match.groups.address!.replace(/^\[|\]$/g, '');
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  if (!family) return undefined;
  const prefix = match.groups.prefix === undefined ? (family === 'ipv4' ? 32 : 128) : Number(match.groups.prefix);
  const port = match.groups.port === undefined ? undefined : Number(match.groups.port);
  if (prefix > (family === 'ipv4' ? 32 : 128) || (port !== undefined && (port < 1 || port > 65535))) return undefined;
  const list = new BlockList();
  list.addSubnet(address, prefix, family);
  return { text: entry, list, ...(port === undefined ? {} : { port }) };
}

/** True when `address:port` lies in one of the listed networks. */
export function inNetworks(address: string, port: number, networks: readonly Network[]): boolean {
  const canonical = canonicalAddress(address);
  const family = isIPv4(canonical) ? 'ipv4' : 'ipv6';
  return networks.some((n) => (n.port === undefined || n.port === port) && n.list.check(canonical, family));
}
